/**
 * VITE_HASURA_TOKEN=access end to end, as `npm start` runs it (scripts/start-options.ts → scripts/stack.ts): the
 * Cognito stand-in on Pre Token Generation V2_0 (the project's trigger puts Hasura's claims in the access token too),
 * Hasura with a JWT secret that names no audience, the SPA sending the access token. This file starts that stack
 * once, on its own ports (e2e/ports.ts SECOND_STACK) and data dir.
 */
import path from 'node:path'
import { decodeJwt } from 'jose'
import { hasuraClaimsOf } from '../lib/hasura-claims.ts'
import { LOCAL_POOL } from '../lib/local-pool.ts'
import { type RunningStack, startStack } from '../scripts/stack.ts'
import { startOptions } from '../scripts/start-options.ts'
import { expect, PASSWORD, test, verdict } from './fixtures.ts'
import { triggerEventsOf } from './local-pool.ts'
import { HostedUi } from './pages/hosted-ui.ts'
import { E2E_ADMIN_SECRET, SECOND_STACK } from './ports.ts'

let stack: RunningStack | undefined
const stackLog: string[] = []

test.beforeAll(async () => {
  test.setTimeout(120_000)
  const options = startOptions({
    VITE_HASURA_TOKEN: 'access',
    COGNITO_PORT: String(SECOND_STACK.cognitoPort),
    HASURA_GRAPHQL_SERVER_PORT: String(SECOND_STACK.hasuraPort),
    SPA_PORT: String(SECOND_STACK.spaPort),
    SPA_MODE: process.env.SPA_MODE,
    DEMO_DATA_DIR: path.resolve('.e2e-data/access-stack'),
    HASURA_GRAPHQL_ADMIN_SECRET: E2E_ADMIN_SECRET,
  })
  stack = await startStack({ ...options, log: (line) => stackLog.push(line) })
})

test.afterAll(async () => {
  await stack?.stop()
})

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a hook's fixtures from this pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach('access stack output', { body: stackLog.join('\n'), contentType: 'text/plain' })
})

test('with access tokens and a V2_0 trigger, the SPA verifies both tokens, sends the access token, and is isolated', async ({
  page,
  request,
}) => {
  if (!stack) throw new Error('the access stack did not start')
  const { urls } = stack
  const username = `access${Date.now().toString(36)}`
  const created = await request.post(`${urls.cognito}/_local/users`, {
    data: { username, email: `${username}@example.com`, password: PASSWORD },
  })
  expect(created.status()).toBe(201)
  const { sub } = (await created.json()) as { sub: string }

  const sentToHasura: string[] = []
  page.on('request', (sent) => {
    const authorization = sent.headers().authorization
    if (sent.url() === urls.hasura && authorization?.startsWith('Bearer ')) sentToHasura.push(authorization.slice(7))
  })
  await page.goto(urls.spa)
  await page.getByRole('link', { name: 'Log in' }).click()
  await new HostedUi(page).signIn(username, PASSWORD)
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
  await expect(page.getByTestId('access-token-status')).toHaveAttribute('data-state', 'verified')
  expect(await verdict(page)).toBe('isolated')
  // The claims view shows the access token's Hasura claims.
  expect(JSON.parse((await page.getByTestId('hasura-claims').textContent()) ?? '{}')).toMatchObject({
    'x-hasura-user-id': sub,
    'x-hasura-default-role': 'user',
  })

  // Every request to Hasura carried an access token of this app client (the probes alter some, never the kind) …
  const payloads = sentToHasura.map((token) => decodeJwt(token))
  expect(payloads.length).toBeGreaterThan(0)
  for (const payload of payloads) {
    expect(payload).toMatchObject({ token_use: 'access', client_id: LOCAL_POOL.clientId })
    expect(payload).not.toHaveProperty('aud')
  }
  // … and the genuine one carries the Hasura claims the V2 trigger added to it.
  expect(payloads.some((p) => p.sub === sub && hasuraClaimsOf(p)?.sessionVariables['x-hasura-user-id'] === sub)).toBe(
    true,
  )
  // The stand-in ran Pre Token Generation with Cognito's V2 event.
  const events = await triggerEventsOf(request, username, urls.cognito)
  expect(events.find((e) => e.triggerSource === 'TokenGeneration_HostedAuth')?.event.version).toBe('2')
})
