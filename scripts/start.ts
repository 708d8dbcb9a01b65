/**
 * `npm start`: the whole demo offline. Prints the three URLs, the demo users and one `ready` line; Ctrl-C stops
 * everything and exits 0. Data lives in `.data/` (git-ignored) and survives restarts; `npm run reset` deletes it.
 */
import path from 'node:path'
import type { RunningStack } from './stack.ts'

const started = Date.now()
let stack: RunningStack | undefined
const starting = new AbortController()

// Installed first, so a Ctrl-C at any moment — also during start-up — stops every part and exits 0.
const stop = async () => {
  if (starting.signal.aborted) return
  starting.abort()
  if (!stack) return // start-up stops what it started, fails, and the catch below exits
  console.log('stopping…')
  await stack.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

try {
  // Loaded once the handlers above are in place: a Ctrl-C while the stack's code loads stops cleanly too.
  const [{ root }, { DEMO_PASSWORD, DEMO_USERS, startStack }, { startOptions }] = await Promise.all([
    import('./processes.ts'),
    import('./stack.ts'),
    import('./start-options.ts'),
  ])
  const options = startOptions(process.env)
  stack = await startStack({ ...options, signal: starting.signal })
  if (starting.signal.aborted) {
    // Ctrl-C between the stack's last step and this line.
    await stack.stop()
    process.exit(0)
  }
  const { urls } = stack
  const project = path.relative(root, options.hasuraProjectDir ?? path.join(root, 'hasura')) || '.'
  console.log(`
  SPA               ${urls.spa}
  Cognito hosted UI ${urls.cognito}/login   (issuer ${urls.issuer})
  Hasura GraphQL    ${urls.hasura}   (project ${project}/, the SPA sends the ${options.hasuraToken === 'access' ? 'access' : 'ID'} token)

  Demo users: ${DEMO_USERS.map((u) => u.username).join(', ')} — password ${DEMO_PASSWORD}
  Verification codes for new sign-ups: ${urls.cognito}/_local/outbox (also printed here)

  ready in ${((Date.now() - started) / 1000).toFixed(1)} s — open ${urls.spa} (Ctrl-C stops everything)
`)
} catch (error) {
  if (starting.signal.aborted) process.exit(0)
  console.error(`cannot start the demo: ${(error as Error).message}`)
  process.exit(1)
}
