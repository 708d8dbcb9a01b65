import { LOCAL_POOL } from '../lib/local-pool.ts'
import { expect, test } from './fixtures.ts'
import { HostedUi } from './pages/hosted-ui.ts'
import { urls } from './ports.ts'

test('a response whose state this tab never issued is rejected and nothing is kept', async ({ page, freshUser }) => {
  // Sign in with a hand-made authorize URL: its state is not one the SPA generated.
  const query = new URLSearchParams({
    response_type: 'token',
    client_id: LOCAL_POOL.clientId,
    redirect_uri: `${urls.spa}/cognito-callback`,
    scope: 'openid email profile',
    state: 'forged-state-value',
    nonce: 'whatever',
  })
  await page.goto(`${urls.cognito}/login?${query}`)
  await new HostedUi(page).signIn(freshUser.username, freshUser.password)
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'rejected')
  await expect(page.getByTestId('id-token-status')).toContainText('state')
  await page.goto('/')
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible() // not signed in
})

test('a token whose payload was altered is rejected on its signature', async ({ page, freshUser, hostedSignIn }) => {
  // A genuine implicit response for a sign-in this tab started, fetched outside the browser...
  await page.goto('/')
  const login = (await page.getByRole('link', { name: 'Log in' }).getAttribute('href')) ?? ''
  const fragment = new URLSearchParams(
    new URL(await hostedSignIn(login, freshUser.username, freshUser.password)).hash.slice(1),
  )
  // ...then delivered with the payload changed and the signature kept.
  const [header, payload, signature] = (fragment.get('id_token') ?? '').split('.')
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())
  claims['https://hasura.io/jwt/claims'] = JSON.stringify({
    'x-hasura-user-id': 'someone-else',
    'x-hasura-default-role': 'user',
    'x-hasura-allowed-roles': ['user'],
  })
  fragment.set('id_token', `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`)
  await page.goto(`/cognito-callback#${fragment}`)
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'rejected')
  await expect(page.getByTestId('id-token-status')).toContainText(
    'signature: the signature does not match the signing key',
  )
  await page.getByRole('link', { name: 'Back to the start' }).click()
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible() // nothing was kept
})

test("a hosted-UI error (invalid scope) for a sign-in this tab started is shown as Cognito's", async ({ page }) => {
  await page.goto('/')
  const login = new URL((await page.getByRole('link', { name: 'Log in' }).getAttribute('href')) ?? '')
  login.searchParams.set('scope', 'openid admin')
  await page.goto(`${urls.cognito}/oauth2/authorize${login.search}`)
  await expect(page.getByRole('heading', { name: 'Cognito refused the sign-in' })).toBeVisible()
  await expect(page.getByTestId('callback-error')).toHaveText('invalid_request: invalid_scope')
  await expect(page.getByTestId('callback-error')).toHaveAttribute('data-verified', 'true')
  expect(new URL(page.url()).search).toBe('') // scrubbed
})

test('an error_description with a state this tab never issued is shown as unverified text', async ({ page }) => {
  const query = new URLSearchParams({
    error: 'access_denied',
    error_description: 'Your account is locked. Call +1 555 0100 to unlock it.',
    state: 'x',
  })
  await page.goto(`/cognito-callback?${query}`)
  await expect(page.getByRole('heading', { name: 'An error response this tab did not ask for' })).toBeVisible()
  await expect(page.getByTestId('callback-error')).toHaveAttribute('data-verified', 'false')
  await expect(page.getByRole('alert')).toContainText('It cannot be attributed to Cognito')
  await expect(page.getByText('Cognito refused the sign-in')).toHaveCount(0)
  expect(new URL(page.url()).search).toBe('') // scrubbed
})

test("an unregistered redirect_uri stays on Cognito's error page", async ({ page }) => {
  const query = new URLSearchParams({
    response_type: 'token',
    client_id: LOCAL_POOL.clientId,
    redirect_uri: `${urls.spa}/cognito-callback/`,
  })
  const response = await page.goto(`${urls.cognito}/oauth2/authorize?${query}`)
  expect(response?.status()).toBe(400)
  await expect(page.getByRole('heading', { name: 'An error was encountered with the requested page.' })).toBeVisible()
  expect(page.url()).toContain('error=redirect_mismatch')
})
