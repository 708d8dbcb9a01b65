/**
 * The end-to-end suite's own stack: its own ports and a fresh data dir, so it never touches a running demo. A small
 * control endpoint lets a test stop and restart the Hasura stand-in (to make the Post Authentication trigger fail).
 */
import { rmSync } from 'node:fs'
import { createServer } from 'node:http'
import path from 'node:path'
import { startStack } from '../scripts/stack.ts'
import { E2E, E2E_ADMIN_SECRET } from './ports.ts'

const dataDir = path.resolve('.e2e-data')
rmSync(dataDir, { recursive: true, force: true })
const started = Date.now()
try {
  const stack = await startStack({
    dataDir,
    cognitoPort: E2E.cognitoPort,
    hasuraPort: E2E.hasuraPort,
    spaPort: E2E.spaPort,
    altSpaPort: E2E.pkceSpaPort,
    spa: process.env.SPA_MODE === 'preview' ? 'preview' : 'dev',
    adminSecret: E2E_ADMIN_SECRET,
  })
  const control = createServer(async (request, response) => {
    try {
      // Listening only after the stack is seeded: Playwright waits for this, not for the SPA.
      if (request.method === 'GET' && request.url === '/ready') response.writeHead(200).end('ready')
      else if (request.method === 'POST' && request.url === '/hasura/stop') await stack.stopHasura()
      else if (request.method === 'POST' && request.url === '/hasura/start') await stack.startHasura()
      else {
        response.writeHead(404).end()
        return
      }
      if (!response.headersSent) response.writeHead(204).end()
    } catch (error) {
      response.writeHead(500).end((error as Error).message)
    }
  }).listen(E2E.controlPort, '127.0.0.1')
  console.log(`e2e stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const stop = async () => {
    control.close()
    await stack.stop()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (error) {
  console.error(`cannot start the e2e stack: ${(error as Error).message}`)
  process.exit(1)
}
