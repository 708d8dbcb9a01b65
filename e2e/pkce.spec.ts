import { expect, test, verdict } from './fixtures.ts'
import { HostedUi } from './pages/hosted-ui.ts'
import { urls } from './ports.ts'

test('the code + PKCE variant signs in, exchanges the code and proves isolation', async ({ page, freshUser }) => {
  await page.goto(urls.pkceSpa)
  const login = page.getByRole('link', { name: 'Log in' })
  const href = new URL((await login.getAttribute('href')) ?? '')
  expect(href.searchParams.get('response_type')).toBe('code')
  expect(href.searchParams.get('code_challenge_method')).toBe('S256')
  expect(href.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
  await login.click()
  await new HostedUi(page).signIn(freshUser.username, freshUser.password)
  await expect(page).toHaveURL(`${urls.pkceSpa}/cognito-callback`) // the code left the address bar
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
  expect(await verdict(page)).toBe('isolated')
})
