/**
 * `npm start` as a user runs it — the npm command itself, not the script behind it — on ports and a data dir of the
 * bench's own: started, timed from the command's start to its `ready` line, and stopped with Ctrl-C (SIGINT).
 */
import { type Child, spawnCommand, stopChild, waitForLine } from '../scripts/processes.ts'

export interface NpmStartPorts {
  cognitoPort: number
  hasuraPort: number
  spaPort: number
}

export interface RunningNpmStart {
  child: Child
  /** From spawning `npm start` to its `ready` line. */
  readyMs: number
  /** Ctrl-C; resolves with the exit code (0 is the contract). */
  stop(): Promise<number | null>
}

export async function npmStart(
  dataDir: string,
  ports: NpmStartPorts,
  env: Record<string, string> = {},
): Promise<RunningNpmStart> {
  const started = performance.now()
  const child = spawnCommand('npm start', 'npm', ['start'], {
    env: {
      DEMO_DATA_DIR: dataDir,
      COGNITO_PORT: String(ports.cognitoPort),
      HASURA_GRAPHQL_SERVER_PORT: String(ports.hasuraPort),
      SPA_PORT: String(ports.spaPort),
      ...env,
    },
    // npm does not hand Ctrl-C on to everything below it: the whole group is signalled, as a terminal does.
    group: true,
  })
  const stop = () => stopChild(child, { signal: 'SIGINT', graceMs: 10_000 })
  try {
    await waitForLine(child, /\bready in [\d.]+ s\b/, 120_000)
  } catch (error) {
    await stop()
    throw error
  }
  return { child, readyMs: performance.now() - started, stop }
}
