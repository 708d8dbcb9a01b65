/**
 * Serves a stand-in's Hono app on a port: one `ready` line when it listens, a clear message when the port is taken,
 * and a clean exit on SIGINT/SIGTERM (or the stack's stop message, in a worker thread). Shared by both stand-ins'
 * `main.ts`.
 */
import { serve } from '@hono/node-server'
import type { Hono } from 'hono'
import { onStopRequest } from './stop-request.ts'

export function serveStandIn(options: {
  name: string
  app: Hono
  port: number
  host: string
  /** The variable that moves it to another port, for the "port is taken" message. */
  portVariable: string
  readyLine: string
  onStop?: () => Promise<void>
}): void {
  const { name, app, port, host, portVariable } = options
  const server = serve({ fetch: app.fetch, port, hostname: host }, () => console.log(`[${name}] ${options.readyLine}`))
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `[${name}] port ${port} is already in use; stop what uses it or set ${portVariable}`
        : `[${name}] ${error.message}`,
    )
    process.exit(1)
  })
  const stop = () => {
    server.close()
    ;(options.onStop?.() ?? Promise.resolve()).finally(() => process.exit(0))
  }
  onStopRequest(stop)
}
