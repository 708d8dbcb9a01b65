/** `npm start`'s time to `ready` on an existing data dir, and (optionally) the wall time of `npm test`. */
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { percentile } from './load.ts'
import { root } from './processes.ts'

function timeToReady(env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const timer = setTimeout(() => child.kill('SIGTERM'), 120_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (/ready in [\d.]+ s — open/.test(output)) {
        const elapsed = performance.now() - started
        child.once('exit', (code) =>
          code === 0 ? resolve(elapsed) : reject(new Error(`npm start exited ${code} on SIGINT`)),
        )
        child.kill('SIGINT')
      }
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (!/ready in [\d.]+ s — open/.test(output))
        reject(new Error(`npm start exited ${code} before ready:\n${output}`))
    })
  })
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
