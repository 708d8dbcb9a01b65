import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { root } from './processes.ts'
import { USAGE, verifyConfig } from './verify-config.ts'

const env = { VERIFY_SPA_URL: 'https://d111.cloudfront.net', VERIFY_USERNAME: 'alice', VERIFY_PASSWORD: 'Passw0rd!' }

describe("verify:deployment's settings", () => {
  it('takes the SPA, a user and optionally a second user', () => {
    expect(verifyConfig(env)).toEqual({
      ok: true,
      config: { spaUrl: env.VERIFY_SPA_URL, user: { username: 'alice', password: 'Passw0rd!' } },
    })
    const two = verifyConfig({ ...env, VERIFY_USERNAME_2: 'bob', VERIFY_PASSWORD_2: 'Secret-2' })
    expect(two.ok && two.config.secondUser).toEqual({ username: 'bob', password: 'Secret-2' })
  })

  it('names every missing or wrong setting', () => {
    expect(verifyConfig({})).toEqual({
      ok: false,
      problems: ['VERIFY_SPA_URL is not set', 'VERIFY_USERNAME is not set', 'VERIFY_PASSWORD is not set'],
    })
    expect(verifyConfig({ ...env, VERIFY_SPA_URL: 'd111.cloudfront.net' })).toEqual({
      ok: false,
      problems: ['VERIFY_SPA_URL must be an http(s) URL, got "d111.cloudfront.net"'],
    })
    expect(verifyConfig({ ...env, VERIFY_USERNAME_2: 'bob' })).toEqual({
      ok: false,
      problems: ['VERIFY_USERNAME_2 and VERIFY_PASSWORD_2 go together: set both or neither'],
    })
    expect(verifyConfig({ ...env, VERIFY_USERNAME_2: 'Alice', VERIFY_PASSWORD_2: 'x' })).toEqual({
      ok: false,
      problems: ['VERIFY_USERNAME_2 must be another user than VERIFY_USERNAME'],
    })
  })

  it('npm run verify:deployment without its settings prints the usage and exits 2, before starting a browser', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/verify-deployment.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, VERIFY_USERNAME: 'alice' },
      encoding: 'utf8',
    })
    expect(run.status).toBe(2)
    expect(run.stderr).toBe(`VERIFY_SPA_URL is not set\nVERIFY_PASSWORD is not set\n\n${USAGE}\n`)
    expect(run.stdout).toBe('')
  })
})
