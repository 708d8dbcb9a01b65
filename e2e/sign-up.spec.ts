import { expect, test, verdict } from './fixtures.ts'
import { urls } from './ports.ts'

test('a new user signs up, confirms with the e-mailed code, and sees only their own row', async ({
  page,
  hostedUi,
  codeFor,
}) => {
  const username = `newbie${Date.now().toString(36)}`
  await page.goto('/')
  await page.getByRole('link', { name: 'Sign up' }).click()
  await expect(page).toHaveURL(new RegExp(`^${urls.cognito}/signup\\?`))

  await hostedUi.signUp(username, `${username}@example.com`, 'password')
  await expect(hostedUi.error).toHaveText(
    'Password did not conform with policy: Password must have uppercase characters',
  )
  await hostedUi.signUp(username, `${username}@example.com`, 'Passw0rd')
  await expect(hostedUi.error).toHaveText('Password did not conform with policy: Password must have symbol characters')
  await hostedUi.signUp(username, `${username}@example.com`, 'Passw0rd!')

  await expect(page.getByRole('heading', { name: 'Confirm your account' })).toBeVisible()
  await hostedUi.confirm('000000' === (await codeFor(username)) ? '111111' : '000000')
  await expect(hostedUi.error).toHaveText('Invalid verification code provided, please try again.')
  await hostedUi.confirm(await codeFor(username))

  await expect(page).toHaveURL(`${urls.spa}/cognito-callback`) // the fragment was scrubbed
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
  const claims = JSON.parse((await page.getByTestId('hasura-claims').textContent()) ?? '{}')
  expect(claims).toMatchObject({ 'x-hasura-default-role': 'user', 'x-hasura-allowed-roles': ['user'] })
  expect(await verdict(page)).toBe('isolated')
  // Real foreign ids exist locally (the demo users): the by-key probes ran and passed.
  await expect(page.locator('[data-probe^="row-by-key:"][data-outcome="pass"]').first()).toBeVisible()
  // The tokens' URL was replaced, not pushed over: no history entry of the SPA's origin still holds them
  // (the Navigation API lists this origin's entries with their URLs; history.length alone cannot tell).
  expect(await page.evaluate(() => navigation.entries().map((entry) => entry.url))).toEqual([
    `${urls.spa}/cognito-callback`,
  ])
})
