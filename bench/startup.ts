/** `npm start`'s time to `ready` on an existing data dir, and (optionally) the wall time of `npm test`. */
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { root, spawnNode, stopChild, waitForLine } from '../scripts/processes.ts'
import { percentile } from './load.ts'

/** Starts `npm start`, times its `ready` line, then stops it with Ctrl-C (SIGINT), which must exit 0. */
async function timeToReady(env: Record<string, string>): Promise<number> {
  const started = performance.now()
  const child = spawnNode('npm start', ['--import', 'tsx', 'scripts/start.ts'], { env })
  try {
    await waitForLine(child, /ready in [\d.]+ s — open/, 120_000)
  } catch (error) {
    await stopChild(child)
    throw error
  }
  const elapsed = performance.now() - started
  const code = await stopChild(child, { signal: 'SIGINT', graceMs: 10_000 })
  if (code !== 0) throw new Error(`npm start exited ${code} on SIGINT`)
  return elapsed
}

export async function measureStartup(
  runs = 3,
): Promise<{ firstStartMs: number; readyMs: { median: number; samples: number[] } }> {
  const dataDir = path.join(root, '.bench-start-data')
  rmSync(dataDir, { recursive: true, force: true })
  const env = { DEMO_DATA_DIR: dataDir, COGNITO_PORT: '39229', HASURA_GRAPHQL_SERVER_PORT: '38080', SPA_PORT: '33333' }
  try {
    const firstStartMs = await timeToReady(env)
    const samples: number[] = []
    for (let i = 0; i < runs; i++) samples.push(await timeToReady(env))
    return {
      firstStartMs,
      readyMs: {
        median: percentile(
          [...samples].sort((a, b) => a - b),
          50,
        ),
        samples,
      },
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export function measureNpmTest(): Promise<{ wallMs: number; exitCode: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn('npm', ['test'], { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] })
    child.once('exit', (code) => resolve({ wallMs: performance.now() - started, exitCode: code }))
  })
}
