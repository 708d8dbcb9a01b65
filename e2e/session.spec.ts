import { expect, test } from './fixtures.ts'
import { urls } from './ports.ts'

test('log-out clears the tab and ends the hosted session: the next sign-in asks for the password', async ({
  page,
  signIn,
  freshUser,
}) => {
  await signIn(page, freshUser.username)
  await page.getByRole('link', { name: 'Home' }).first().click()
  await expect(page.getByRole('heading', { name: `Signed in as ${freshUser.username}` })).toBeVisible()
  await page.getByRole('link', { name: 'Log out' }).click()
  await expect(page).toHaveURL(`${urls.spa}/`)
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible()
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('session')))).toEqual([])
  expect(await page.evaluate(() => localStorage.length)).toBe(0)
  await page.getByRole('link', { name: 'Log in' }).click()
  await expect(page.locator('#signInFormPassword')).toBeVisible()
})

test('the callback and the signed-in home page show the claims, a countdown to exp and the token timeline', async ({
  page,
  signIn,
  freshUser,
}) => {
  await signIn(page, freshUser.username)
  const timeline = page.getByRole('img', { name: /^Token timeline/ })
  await expect(timeline).toHaveAttribute('data-testid', 'token-timeline')
  await expect(timeline.locator('[data-token]')).toHaveCount(2) // the ID and the access token
  await expect(timeline.locator('desc')).toContainText(
    /ID token: authenticated at .*, issued at .*, expires at .* \(in (59|60) min\)/,
  )
  await expect(timeline.locator('[data-mark="now"]')).toBeAttached()
  await page.getByRole('link', { name: 'Home', exact: true }).first().click() // in-app: tokens live in memory
  await expect(page.getByTestId('session-expiry')).toHaveAttribute('data-state', 'valid')
  await expect(page.getByTestId('hasura-claims')).toContainText('x-hasura-user-id')
  await expect(page.getByTestId('suggested-jwt-secret')).toContainText('"claims_format":"stringified_json"')
  await expect(page.getByTestId('token-timeline')).toBeVisible()
})
