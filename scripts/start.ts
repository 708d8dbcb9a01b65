/**
 * `npm start`: the whole demo offline. Prints the three URLs, the demo users and one `ready` line; Ctrl-C stops
 * everything and exits 0. Data lives in `.data/` (git-ignored) and survives restarts; `npm run reset` deletes it.
 */
import path from 'node:path'
import { DEMO_PASSWORD, DEMO_USERS, type RunningStack, startStack } from './stack.ts'

const env = process.env
const started = Date.now()
let stack: RunningStack | undefined
let stopRequested = false

// Installed first, so a Ctrl-C at any moment — also during start-up — stops every child and exits 0.
const stop = async () => {
  if (stopRequested) return
  stopRequested = true
  if (!stack) return // start-up notices the request and stops what it started
  console.log('stopping…')
  await stack.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

try {
  stack = await startStack({
    dataDir: path.resolve(env.DEMO_DATA_DIR ?? '.data'),
    cognitoPort: Number(env.COGNITO_PORT ?? 9229),
    hasuraPort: Number(env.HASURA_GRAPHQL_SERVER_PORT ?? 8080),
    spaPort: Number(env.SPA_PORT ?? 3333),
    spa: env.SPA_MODE === 'preview' ? 'preview' : 'dev',
    // A local-only default pinned by ../shared/CONTRACT.md; set HASURA_GRAPHQL_ADMIN_SECRET to choose another.
    adminSecret: env.HASURA_GRAPHQL_ADMIN_SECRET ?? 'local-admin-secret',
    responseType: env.VITE_OAUTH_RESPONSE_TYPE === 'code' ? 'code' : 'token',
  })
  if (stopRequested) {
    await stack.stop()
    process.exit(0)
  }
  const { urls } = stack
  console.log(`
  SPA               ${urls.spa}
  Cognito hosted UI ${urls.cognito}/login   (issuer ${urls.issuer})
  Hasura GraphQL    ${urls.hasura}

  Demo users: ${DEMO_USERS.map((u) => u.username).join(', ')} — password ${DEMO_PASSWORD}
  Verification codes for new sign-ups: ${urls.cognito}/_local/outbox (also printed here)

  ready in ${((Date.now() - started) / 1000).toFixed(1)} s — open ${urls.spa} (Ctrl-C stops everything)
`)
} catch (error) {
  console.error(`cannot start the demo: ${(error as Error).message}`)
  process.exit(1)
}
