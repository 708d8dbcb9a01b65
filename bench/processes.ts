/** Starts a stand-in as its own process (as `npm run emulator:*` does) and waits for its `ready` line. */
import { type Child, root, spawnNode, stopChild, waitForLine } from '../scripts/processes.ts'

export { root }

export async function startProcess(script: string, env: Record<string, string>, timeoutMs = 60_000): Promise<Child> {
  const child = spawnNode(script, ['--import', 'tsx', script], { env })
  await waitForLine(child, /\bready\b/, timeoutMs)
  return child
}

export const stopProcess = (child: Child) => stopChild(child)
