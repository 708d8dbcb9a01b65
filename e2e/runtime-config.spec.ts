/**
 * /config.json at run time: served next to index.html, its values override the build's; a bad file or value shows
 * the settings page naming it. Served here through the browser's network (page.route), as a host would.
 */
import type { Page } from '@playwright/test'
import { expect, test, verdict } from './fixtures.ts'
import { HostedUi } from './pages/hosted-ui.ts'

const serveConfigJson = (page: Page, body: string) =>
  page.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }))

test('a served /config.json overrides the build: this implicit-grant build signs in with code + PKCE', async ({
  page,
  freshUser,
}) => {
  await serveConfigJson(page, JSON.stringify({ VITE_OAUTH_RESPONSE_TYPE: 'code' }))
  await page.goto('/')
  await expect(page.getByText('code + PKCE')).toBeVisible()
  const login = page.getByRole('link', { name: 'Log in' })
  const href = new URL((await login.getAttribute('href')) ?? '')
  expect(href.searchParams.get('response_type')).toBe('code')
  expect(href.searchParams.get('code_challenge_method')).toBe('S256')
  await login.click()
  await new HostedUi(page).signIn(freshUser.username, freshUser.password)
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
  expect(await verdict(page)).toBe('isolated')
})

test('a bad value in /config.json shows the settings page naming it and its source', async ({ page }) => {
  await serveConfigJson(page, JSON.stringify({ VITE_HASURA_GRAPHQL_URL: 'hasura.example.com' }))
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'The settings are misconfigured' })).toBeVisible()
  await expect(page.getByTestId('config-problems')).toContainText(
    'VITE_HASURA_GRAPHQL_URL (from /config.json) is not an absolute http(s) URL (got hasura.example.com)',
  )
})

test('a /config.json that is not JSON shows the settings page naming the file', async ({ page }) => {
  await serveConfigJson(page, '{"VITE_COGNITO_DOMAIN": "https://x.example",}')
  await page.goto('/cognito-callback')
  await expect(page.getByTestId('config-problems')).toContainText('/config.json is not valid JSON')
})
