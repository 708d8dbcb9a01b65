/**
 * kill -9 of the real stand-in, as its own process, in the middle of acknowledged writes: after a restart every
 * acknowledged user is there, and a torn last journal line (a write cut short) is dropped, not fatal.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')
const children: ChildProcess[] = []

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Starts `npm run emulator:cognito` on a free port and waits for its ready line; `output` keeps what it printed. */
async function startCognito(dataDir: string) {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulators/cognito/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      COGNITO_PORT: String(port),
      COGNITO_DATA_DIR: dataDir,
      COGNITO_TRIGGERS: '',
      COGNITO_PASSWORD_COST: '1024',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (/\bready on\b/.test(output)) resolve()
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`the stand-in exited (${code}):\n${output}`)))
  })
  return { child, base: `http://127.0.0.1:${port}`, output: () => output }
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
    const first = await startCognito(dataDir)
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
    const second = await startCognito(dataDir)
    const users = (await (await fetch(`${second.base}/_local/users`)).json()) as { username: string }[]
    const names = new Set(users.map((u) => u.username))
    expect(acknowledged.filter((name) => !names.has(name))).toEqual([])
    expect(names.has('torn')).toBe(false)
    expect(second.output()).toContain('dropped a torn last line')
    // And it keeps writing after the cut.
    expect((await createUser(second.base, 'after-restart')).status).toBe(201)
  }, 30_000)
})
