import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { unzipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildTriggers } from './build-triggers.ts'

/** Unpacks `<name>.zip` and imports its `index.mjs` as Lambda's Node.js runtime would. */
function unpack(out: string, name: string) {
  const entries = unzipSync(readFileSync(path.join(out, `${name}.zip`)))
  expect(Object.keys(entries)).toEqual(['index.mjs'])
  const code = entries['index.mjs'] as Uint8Array
  const file = path.join(out, `${name}.mjs`)
  writeFileSync(file, code)
  return { source: new TextDecoder().decode(code), load: () => import(pathToFileURL(file).href) }
}

describe('npm run build:triggers', () => {
  let out: string
  let files: string[]
  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'triggers-'))
    files = await buildTriggers(out)
  })

  it('writes exactly one zip per handler file; shared code is no handler', () => {
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'post-authentication.zip',
      'post-confirmation.zip',
      'pre-token-generation.zip',
    ])
  })

  it('pre-token-generation: index.handler answers V1 and V2 events', async () => {
    const { handler } = await unpack(out, 'pre-token-generation').load()
    const claim = 'https://hasura.io/jwt/claims'
    const v1 = await handler({ version: '1', request: { userAttributes: { sub: 'abc' } }, response: {} }, {}, () => {})
    expect(JSON.parse(v1.response.claimsOverrideDetails.claimsToAddOrOverride[claim])).toMatchObject({
      'x-hasura-user-id': 'abc',
    })
    const v2 = await handler({ version: '2', request: { userAttributes: { sub: 'abc' } }, response: {} }, {}, () => {})
    const access = v2.response.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride[claim]
    expect(JSON.parse(access)).toMatchObject({ 'x-hasura-user-id': 'abc' })
  })

  it('the sync triggers bundle the shared sync and leave the AWS SDK to the runtime', async () => {
    for (const name of ['post-confirmation', 'post-authentication']) {
      const { source } = unpack(out, name)
      expect(source).toContain('insert_users(objects:')
      expect(source).toContain('import("@aws-sdk/client-secrets-manager")')
      expect(source).not.toContain('GetSecretValueCommand extends')
      expect(source.length).toBeLessThan(20_000)
    }
    const { handler } = await unpack(out, 'post-confirmation').load()
    // A confirmed password reset writes nothing, so it needs no Hasura and no configuration.
    const event = { triggerSource: 'PostConfirmation_ConfirmForgotPassword', request: { userAttributes: { sub: 'a' } } }
    expect(await handler(event, {}, () => {})).toBe(event)
  })

  it('is reproducible: a second build gives the same bytes', async () => {
    const again = mkdtempSync(path.join(tmpdir(), 'triggers-'))
    await buildTriggers(again)
    for (const file of files) expect(readFileSync(path.join(again, path.basename(file)))).toEqual(readFileSync(file))
  })
})
