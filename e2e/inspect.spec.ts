import { expect, test } from './fixtures.ts'

test("the inspector analyses a pasted token and checks it against its issuer's JWKS, in the browser", async ({
  page,
  signIn,
  freshUser,
}) => {
  await signIn(page, freshUser.username)
  const idToken = await page.evaluate(() => JSON.parse(sessionStorage.getItem('cognito-hasura-demo.session') ?? 'null'))
  expect(idToken).toBeNull() // tokens stay in memory unless "keep for this tab" is on
  await page.getByLabel('Keep for this tab').check()
  const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('cognito-hasura-demo.session') ?? '{}'))
  const token = saved.identities[0].idToken as string
  await page.getByRole('link', { name: 'Inspect a token' }).click()
  const requests: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  await page.getByLabel('Token', { exact: true }).fill(token)
  await page.getByRole('button', { name: 'Inspect' }).click()
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
  await expect(page.getByTestId('hasura-claims')).toContainText('x-hasura-allowed-roles')
  expect(requests.every((url) => !url.includes(token.slice(-20)))).toBe(true)

  await page.getByLabel('Token', { exact: true }).fill('not.a-token')
  await page.getByRole('button', { name: 'Inspect' }).click()
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'rejected')
})
