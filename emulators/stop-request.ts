/**
 * How a stand-in (or the stack's SPA server) hears that it should stop: SIGINT or SIGTERM when it runs as its own
 * process (`npm run emulator:*`), a message from the thread that started it when the stack runs it as a worker
 * thread (`scripts/workers.ts`) — signals reach only a process's main thread.
 */
import { parentPort } from 'node:worker_threads'

export const STOP_MESSAGE = 'stop'

export function onStopRequest(stop: () => void): void {
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  parentPort?.on('message', (message) => {
    if (message === STOP_MESSAGE) stop()
  })
}
