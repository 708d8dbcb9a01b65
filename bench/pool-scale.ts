/**
 * How the Cognito stand-in's persistence scales (issue 8, "Scale"): creating a user through `/_local/users` on an
 * empty pool and on one of 10,000 users (cheap scrypt, so the write is what is measured), and the restart — process
 * start to `ready` — of each. `tsx bench/pool-scale.ts [users]` prints a table; the stand-in listens on
 * E2E_COGNITO_PORT (e2e/ports.ts) unless a port is given.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { E2E } from '../e2e/ports.ts'
import { FakeClock } from '../emulators/clock.ts'
import { createPasswordHasher } from '../emulators/cognito/passwords.ts'
import { openPool } from '../emulators/cognito/pool.ts'
import { median } from './load.ts'
import { startProcess, stopProcess } from './processes.ts'

const COST = 1024

export interface PoolScale {
  users: number
  /** Creating one user, sequentially, through HTTP: p50 and mean. */
  createEmpty: { p50: number; mean: number }
  createFull: { p50: number; mean: number }
  /** createFull.p50 ÷ createEmpty.p50. */
  ratio: number
  /** Process start → ready (median of 3). */
  restartEmptyMs: number
  restartFullMs: number
  /** Opening the pool files alone, in process. */
  openFullMs: number
}

async function start(dataDir: string, port: number) {
  const started = performance.now()
  const child = await startProcess('emulators/cognito/main.ts', {
    COGNITO_PORT: String(port),
    COGNITO_DATA_DIR: dataDir,
    COGNITO_TRIGGERS: '',
    COGNITO_PASSWORD_COST: String(COST),
  })
  return { child, base: `http://127.0.0.1:${port}`, readyMs: performance.now() - started }
}

async function createUsers(dataDir: string, port: number, samples: number) {
  const { child, base } = await start(dataDir, port)
  try {
    const latencies: number[] = []
    for (let i = 0; i < samples; i++) {
      const username = `new${i}`
      const started = performance.now()
      const response = await fetch(`${base}/_local/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, email: `${username}@example.com`, password: 'Passw0rd!' }),
      })
      if (response.status !== 201) throw new Error(`creating ${username}: ${await response.text()}`)
      latencies.push(performance.now() - started)
    }
    return { p50: median(latencies), mean: latencies.reduce((a, b) => a + b, 0) / latencies.length }
  } finally {
    await stopProcess(child)
  }
}

async function restartMs(dataDir: string, port: number) {
  const runs: number[] = []
  for (let i = 0; i < 3; i++) {
    const { child, readyMs } = await start(dataDir, port)
    runs.push(readyMs)
    await stopProcess(child)
  }
  return median(runs)
}

export async function benchPoolScale(users = 10_000, samples = 200, port = E2E.cognitoPort): Promise<PoolScale> {
  const empty = mkdtempSync(path.join(tmpdir(), 'bench-pool-empty-'))
  const full = mkdtempSync(path.join(tmpdir(), 'bench-pool-full-'))
  try {
    // The full pool is written through the pool's own API (one journal entry per user), as sign-ups would.
    const passwordHash = await createPasswordHasher({ cost: COST, concurrency: 1 }).hash('Passw0rd!')
    const pool = openPool(full, { clock: new FakeClock(), log: () => {} })
    for (let i = 0; i < users; i++)
      pool.users.add({
        username: `seed${i}`,
        sub: crypto.randomUUID(),
        email: `seed${i}@example.com`,
        emailVerified: true,
        status: 'CONFIRMED',
        passwordHash,
        createdAt: 0,
      })
    pool.close()
    const opened = performance.now()
    openPool(full, { clock: new FakeClock(), log: () => {} }).close()
    const openFullMs = performance.now() - opened

    const restartEmptyMs = await restartMs(empty, port)
    const restartFullMs = await restartMs(full, port)
    const createEmpty = await createUsers(empty, port, samples)
    const createFull = await createUsers(full, port, samples)
    return {
      users,
      createEmpty,
      createFull,
      ratio: createFull.p50 / createEmpty.p50,
      restartEmptyMs,
      restartFullMs,
      openFullMs,
    }
  } finally {
    rmSync(empty, { recursive: true, force: true })
    rmSync(full, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchPoolScale(Number(process.argv[2] ?? 10_000))
  const f = (n: number) => `${n.toFixed(2)} ms`
  const rows = [
    ['create a user, empty pool', `p50 ${f(r.createEmpty.p50)} · mean ${f(r.createEmpty.mean)}`],
    [`create a user, ${r.users} users`, `p50 ${f(r.createFull.p50)} · mean ${f(r.createFull.mean)}`],
    ['ratio (p50)', r.ratio.toFixed(2)],
    ['restart → ready, empty pool', f(r.restartEmptyMs)],
    [`restart → ready, ${r.users} users`, f(r.restartFullMs)],
    [`open the pool files, ${r.users} users`, f(r.openFullMs)],
  ]
  const width = Math.max(...rows.map(([what]) => (what as string).length))
  for (const [what, value] of rows) console.log(`${(what as string).padEnd(width)}  ${value}`)
  process.exit(0)
}
