/** `npm run emulator:hasura`: the Hasura stand-in alone, configured by Hasura's environment names. */
import { serveStandIn } from '../serve.ts'
import { loadConfig } from './config.ts'
import { createHasura } from './server.ts'

try {
  const config = loadConfig()
  const hasura = await createHasura(config, { log: (m) => console.warn(`[hasura] ${m}`) })
  const storage = config.databaseUrl ? 'Postgres' : `PGlite in ${config.dataDir}`
  serveStandIn({
    name: 'hasura',
    app: hasura.app,
    port: config.port,
    host: config.host,
    portVariable: 'HASURA_GRAPHQL_SERVER_PORT',
    readyLine: `ready on http://localhost:${config.port}/v1/graphql (${hasura.tables.length} table(s), ${hasura.migrations.applied.length} migration(s) applied, ${storage})`,
    onStop: () => hasura.close(),
  })
} catch (error) {
  console.error(`[hasura] cannot start: ${(error as Error).message}`)
  process.exit(1)
}
