/** `npm run emulator:cognito`: the Cognito stand-in alone, configured by the COGNITO_* environment. */
import { serve } from '@hono/node-server'
import { createCognito } from './app.ts'
import { issuerOf, loadConfig } from './config.ts'

try {
  const config = loadConfig()
  const { app } = await createCognito(config)
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
    console.log(
      `[cognito] ready on ${config.publicUrl} (issuer ${issuerOf(config)}, client ${config.clientId}, triggers: ${config.triggers.join(', ') || 'none'})`,
    )
  })
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `[cognito] port ${config.port} is already in use; stop what uses it or set COGNITO_PORT`
        : `[cognito] ${error.message}`,
    )
    process.exit(1)
  })
  const stop = () => server.close(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (error) {
  console.error(`[cognito] cannot start: ${(error as Error).message}`)
  process.exit(1)
}
