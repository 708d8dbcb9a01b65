/**
 * VITE_HASURA_TOKEN=access (here from a served /config.json) against the stand-in's Pre Token Generation V1_0: the
 * access token is verified and sent to Hasura, and the page says exactly why Hasura refuses it and what to change.
 */
import { expect, test, verdict } from './fixtures.ts'

test('with access tokens and a V1 trigger, the access token is verified, sent, and its refusal explained', async ({
  page,
  signIn,
  freshUser,
}) => {
  await page.route('**/config.json', (route) => route.fulfill({ json: { VITE_HASURA_TOKEN: 'access' } }))
  const sentToHasura: string[] = []
  page.on('request', (request) => {
    const authorization = request.headers().authorization
    if (request.url().endsWith('/v1/graphql') && authorization?.startsWith('Bearer ')) sentToHasura.push(authorization)
  })
  await signIn(page, freshUser.username)
  await expect(page.getByTestId('access-token-status')).toHaveAttribute('data-state', 'verified')
  await expect(page.getByRole('heading', { name: /Claims of the access token/ })).toBeVisible()
  await expect(page.getByTestId('diagnostics')).toContainText(
    "Hasura: claims key: 'https://hasura.io/jwt/claims' not found (jwt-invalid-claims)",
  )
  await expect(page.getByTestId('diagnostics')).toContainText('set the trigger to event version V2_0')
  await expect(page.getByTestId('suggested-jwt-secret')).not.toContainText('audience')
  // Hasura refuses what it was sent, in the words the page predicted.
  expect(await verdict(page)).toBe('error')
  await expect(page.locator('[data-probe="own-row"]')).toContainText(
    "jwt-invalid-claims: claims key: 'https://hasura.io/jwt/claims' not found",
  )
  const payloads = sentToHasura.map((h) => JSON.parse(Buffer.from(h.split('.')[1] ?? '', 'base64url').toString()))
  expect(payloads.length).toBeGreaterThan(0)
  expect(payloads.map((p) => p.token_use)).toEqual(payloads.map(() => 'access')) // never the ID token
})
