import { expect, test } from './fixtures.ts'

test("the inspector checks a pasted token of the pool at once, and fetches no other issuer's keys unasked", async ({
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

  // A token naming another issuer: its JWKS is not fetched until asked for.
  const foreign = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Foreign'
  const [header, payload, signature] = token.split('.')
  const claims = { ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), iss: foreign }
  await page
    .getByLabel('Token', { exact: true })
    .fill(`${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`)
  await page.getByRole('button', { name: 'Inspect' }).click()
  await expect(page.getByTestId('inspect-note')).toContainText(`Its iss (${foreign}) is not the configured pool`)
  await expect(
    page.getByRole('button', { name: `Fetch ${foreign}/.well-known/jwks.json and check the signature` }),
  ).toBeVisible()
  expect(requests.some((url) => url.startsWith(foreign))).toBe(false)

  await page.getByLabel('Token', { exact: true }).fill('not.a-token')
  await page.getByRole('button', { name: 'Inspect' }).click()
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'rejected')
})
