/**
 * kill -9 of the real stand-in, as its own process, in the middle of acknowledged writes: after a restart every
 * acknowledged user is there, and a torn last journal line (a write cut short) is dropped, not fatal.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type Child, freePort, spawnNode, stopChild, waitForLine } from '../../scripts/processes.ts'

const started: Child[] = []
const dirs: string[] = []

afterEach(async () => {
  await Promise.all(started.splice(0).map((child) => stopChild(child, { signal: 'SIGKILL' })))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Starts `npm run emulator:cognito` and waits for its ready line; `output` keeps what it printed. */
async function startCognito(dataDir: string, port: number) {
  const child = spawnNode('cognito', ['--import', 'tsx', 'emulators/cognito/main.ts'], {
    env: {
      COGNITO_PORT: String(port),
      COGNITO_DATA_DIR: dataDir,
      COGNITO_TRIGGERS: '',
      COGNITO_PASSWORD_COST: '1024',
    },
  })
  started.push(child)
  let output = ''
  child.listen((line) => {
    output += `${line}\n`
  })
  await waitForLine(child, /\bready on\b/)
  return { child: child.process, base: `http://127.0.0.1:${port}`, output: () => output }
}

const createUser = (base: string, username: string) =>
  fetch(`${base}/_local/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, email: `${username}@example.com`, password: 'Passw0rd!' }),
  })

describe('kill -9 during acknowledged writes', () => {
  it('loses no acknowledged user, and restarts cleanly over a torn last journal line', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cognito-crash-'))
    dirs.push(dataDir)
    const port = await freePort(47_200)
    const first = await startCognito(dataDir, port)
    const acknowledged: string[] = []
    let next = 0
    let killed = false
    // Eight writers create users back to back; the process is killed while they are still writing.
    const writers = Array.from({ length: 8 }, async () => {
      // Also stops if the stand-in dies by itself: then the test fails on the count below, not on a timeout.
      while (!killed && first.child.exitCode === null) {
        const username = `user${next++}`
        try {
          const response = await createUser(first.base, username)
          if (response.status === 201) acknowledged.push(username)
          if (acknowledged.length >= 60 && !killed) {
            killed = true
            first.child.kill('SIGKILL')
          }
        } catch {
          // the connection died with the process: this write was never acknowledged
        }
      }
    })
    await Promise.all(writers)
    if (first.child.exitCode === null && first.child.signalCode === null)
      await new Promise((resolve) => first.child.once('exit', resolve))
    expect(first.child.signalCode).toBe('SIGKILL')
    expect(acknowledged.length).toBeGreaterThanOrEqual(60)

    appendFileSync(path.join(dataDir, 'pool.journal'), '{"user":{"username":"torn","sub":"')
    const second = await startCognito(dataDir, port)
    const users = (await (await fetch(`${second.base}/_local/users`)).json()) as { username: string }[]
    const names = new Set(users.map((u) => u.username))
    expect(acknowledged.filter((name) => !names.has(name))).toEqual([])
    expect(names.has('torn')).toBe(false)
    expect(second.output()).toContain('dropped a torn last line')
    // And it keeps writing after the cut.
    expect((await createUser(second.base, 'after-restart')).status).toBe(201)
  }, 30_000)
})
