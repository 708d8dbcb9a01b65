import { expect, PASSWORD, test, verdict } from './fixtures.ts'
import { HostedUi } from './pages/hosted-ui.ts'

test('two users in two browser contexts each see only their own row', async ({ browser, signIn }) => {
  const alice = await browser.newContext()
  const bob = await browser.newContext()
  const pageA = await alice.newPage()
  const pageB = await bob.newPage()
  await signIn(pageA, 'alice')
  await signIn(pageB, 'bob')
  expect(await verdict(pageA)).toBe('isolated')
  expect(await verdict(pageB)).toBe('isolated')
  const subA = JSON.parse((await pageA.getByTestId('hasura-claims').textContent()) ?? '{}')['x-hasura-user-id']
  const subB = JSON.parse((await pageB.getByTestId('hasura-claims').textContent()) ?? '{}')['x-hasura-user-id']
  expect(subA).not.toBe(subB)
  // hasura/ tracks one table: the recipe's users, per user.
  await expect(pageA.getByTestId('table-verdict')).toHaveCount(1)
  await expect(pageA.getByTestId('table-verdict')).toHaveAttribute('data-table', 'public.users')
  await expect(pageA.getByTestId('table-verdict')).toHaveAttribute('data-verdict', 'isolated')
  // Cross-probes: each asked Hasura for the other's row by key and got null.
  await expect(pageA.locator(`[data-probe="row-by-key:${subB}"]`)).toHaveAttribute('data-outcome', 'pass')
  await expect(pageB.locator(`[data-probe="row-by-key:${subA}"]`)).toHaveAttribute('data-outcome', 'pass')
  await alice.close()
  await bob.close()
})

test('"add another user" signs a second user in from the same tab and probes both side by side', async ({
  page,
  signIn,
  freshUser,
}) => {
  await signIn(page, freshUser.username)
  await page.getByRole('link', { name: 'Prove row-level isolation' }).click()
  await expect(page.getByTestId('my-data')).toHaveAttribute('data-state', 'found')
  await page.getByRole('button', { name: 'Add another user' }).click()
  // The hosted session was ended: the form asks for a password again.
  await new HostedUi(page).signIn('bob', PASSWORD)
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
  expect(await verdict(page)).toBe('isolated')
  await expect(page.getByRole('table', { name: `Probes as ${freshUser.username}` })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Probes as bob' })).toBeVisible()
})
