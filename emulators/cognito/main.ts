/** `npm run emulator:cognito`: the Cognito stand-in alone, configured by the COGNITO_* environment. */
import { serveStandIn } from '../serve.ts'
import { createCognito } from './app.ts'
import { issuerOf, loadConfig } from './config.ts'

try {
  const config = loadConfig()
  const { app } = await createCognito(config)
  const triggers =
    config.triggers
      .map((name) => (name === 'pre-token-generation' ? `${name} ${config.preTokenGenerationVersion}` : name))
      .join(', ') || 'none'
  serveStandIn({
    name: 'cognito',
    app,
    port: config.port,
    host: config.host,
    portVariable: 'COGNITO_PORT',
    readyLine: `ready on ${config.publicUrl} (issuer ${issuerOf(config)}, client ${config.clientId}, triggers: ${triggers})`,
  })
} catch (error) {
  console.error(`[cognito] cannot start: ${(error as Error).message}`)
  process.exit(1)
}
