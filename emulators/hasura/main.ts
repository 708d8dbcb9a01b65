/** `npm run emulator:hasura`: the Hasura stand-in alone, configured by Hasura's environment names. */
import { serve } from '@hono/node-server'
import { loadConfig } from './config.ts'
import { createHasura } from './server.ts'

try {
  const config = loadConfig()
  const hasura = await createHasura(config, { log: (m) => console.warn(`[hasura] ${m}`) })
  const server = serve({ fetch: hasura.app.fetch, port: config.port, hostname: config.host }, (info) => {
    const applied = hasura.migrations.applied.length
    console.log(
      `[hasura] ready on http://localhost:${info.port}/v1/graphql (${hasura.tables.length} table(s), ${applied} migration(s) applied, ${config.databaseUrl ? 'Postgres' : `PGlite in ${config.dataDir}`})`,
    )
  })
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `[hasura] port ${config.port} is already in use; stop what uses it or set HASURA_GRAPHQL_SERVER_PORT`
        : `[hasura] ${error.message}`,
    )
    process.exit(1)
  })
  const stop = () => {
    server.close()
    hasura.close().finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (error) {
  console.error(`[hasura] cannot start: ${(error as Error).message}`)
  process.exit(1)
}
