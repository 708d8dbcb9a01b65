/** `npm start`'s time to `ready` (from the command's start) on an existing data dir, and (optionally) the wall time of `npm test`. */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { root, spawnCommand } from '../scripts/processes.ts'
import { median } from './load.ts'
import { npmStart } from './npm-start.ts'

/**
 * `npm start` to its `ready` line, then Ctrl-C to the whole group, as a terminal sends it: npm itself ends by the
 * signal (or 0), and everything it started must be gone — the next run reuses the ports.
 */
async function timeToReady(dataDir: string): Promise<number> {
  const running = await npmStart(dataDir, PORTS)
  const code = await running.stop()
  const signal = running.child.process.signalCode
  if (code !== 0 && signal !== 'SIGINT')
    throw new Error(`npm start ended with ${signal ?? `exit code ${code}`} on Ctrl-C`)
  return running.readyMs
}

const PORTS = { cognitoPort: 39229, hasuraPort: 38080, spaPort: 33333 }

export async function measureStartup(
  runs = 3,
): Promise<{ firstStartMs: number; readyMs: { median: number; samples: number[] } }> {
  const dataDir = path.join(root, '.bench-start-data')
  rmSync(dataDir, { recursive: true, force: true })
  try {
    const firstStartMs = await timeToReady(dataDir)
    const samples: number[] = []
    for (let i = 0; i < runs; i++) samples.push(await timeToReady(dataDir))
    return {
      firstStartMs,
      readyMs: { median: median(samples), samples },
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function measureNpmTest(): Promise<{ wallMs: number; exitCode: number | null }> {
  const started = performance.now()
  const child = spawnCommand('npm test', 'npm', ['test'])
  await new Promise<void>((resolve) => child.onExit(resolve))
  return { wallMs: performance.now() - started, exitCode: child.process.exitCode }
}
