/**
 * The proof over a schema with a user-owned table: a stack of its own serving examples/notes (users + notes with
 * relationships both ways), so the suite's main stack keeps the recipe's hasura/. Two users, each with notes: both
 * tables are isolated. Then Hasura is restarted on the same data with the notes permission opened to everyone — as a
 * console edit after the SPA was built would — and the proof, still built from examples/notes, says leak for
 * public.notes.
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { NOTES_EXAMPLE, openNotesProject } from '../emulators/hasura/fixtures/open-notes.ts'
import { localUrls } from '../lib/local-pool.ts'
import { DEMO_PASSWORD, type RunningStack, startStack } from '../scripts/stack.ts'
import { expect, test, verdict } from './fixtures.ts'
import { HostedUi } from './pages/hosted-ui.ts'
import { SECOND_STACK } from './ports.ts'

const ADMIN_SECRET = 'e2e-notes-admin-secret'
const urls = localUrls(SECOND_STACK)
// Inside the suite's own data dir, which the suite empties when it starts.
const dataDir = path.resolve('.e2e-data/notes-stack')
let stack: RunningStack

test.describe.configure({ mode: 'serial' })

async function admin(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(urls.hasura, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hasura-admin-secret': ADMIN_SECRET },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await response.json()) as { data?: unknown; errors?: unknown }
  if (body.errors) throw new Error(JSON.stringify(body.errors))
  return body.data
}

test.beforeAll(async () => {
  test.setTimeout(120_000)
  rmSync(dataDir, { recursive: true, force: true })
  stack = await startStack({
    dataDir,
    ...SECOND_STACK,
    spa: 'dev',
    adminSecret: ADMIN_SECRET,
    hasuraProjectDir: NOTES_EXAMPLE,
    log: () => {},
  })
  // The demo users were synced into users by their first sign-in; each gets two notes of their own.
  const users = (await (await fetch(`${urls.cognito}/_local/users`)).json()) as { sub: string; username: string }[]
  const objects = users.flatMap((u) => [1, 2].map((n) => ({ user_id: u.sub, body: `${u.username}'s note ${n}` })))
  await admin('mutation Seed($objects: [notes_insert_input!]!) { insert_notes(objects: $objects) { affected_rows } }', {
    objects,
  })
})
test.afterAll(async () => {
  await stack?.stop()
})

async function signIn(page: import('@playwright/test').Page, username: string) {
  await page.goto(urls.spa)
  await page.getByRole('link', { name: 'Log in' }).click()
  await new HostedUi(page).signIn(username, DEMO_PASSWORD)
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
}

const tableVerdict = (page: import('@playwright/test').Page, table: string) =>
  page.locator(`[data-testid=table-verdict][data-table="${table}"]`)

test('two users with notes: public.users and public.notes isolated, probed across both identities', async ({
  page,
}) => {
  await signIn(page, 'alice')
  expect(await verdict(page)).toBe('isolated')
  await page.getByRole('link', { name: 'Prove row-level isolation' }).click()
  await page.getByRole('button', { name: 'Add another user' }).click()
  await new HostedUi(page).signIn('bob', DEMO_PASSWORD)
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
  expect(await verdict(page)).toBe('isolated')
  await expect(tableVerdict(page, 'public.users')).toHaveAttribute('data-verdict', 'isolated')
  await expect(tableVerdict(page, 'public.notes')).toHaveAttribute('data-verdict', 'isolated')
  for (const [who, other] of [
    ['alice', 'bob'],
    ['bob', 'alice'],
  ]) {
    const probes = page.getByRole('table', { name: `Probes as ${who}` })
    // Each read their own two notes, checked in the browser, and aimed reads, updates and deletes at the other's.
    await expect(probes.locator('[data-probe="public.notes:rows"]')).toHaveAttribute('data-outcome', 'pass')
    await expect(probes.locator('[data-probe="public.notes:rows"]')).toContainText('2 row(s), each satisfies')
    for (const kind of ['by-pk', 'update', 'delete']) {
      await expect(probes.locator(`[data-probe^="public.notes:${kind}:"][data-outcome=pass]`)).toHaveCount(2)
      await expect(probes.locator(`[data-probe^="public.notes:${kind}:"]`).first()).toContainText(`of ${other}`)
    }
    await expect(probes.locator('[data-probe="public.notes:insert"]')).toHaveAttribute('data-outcome', 'pass')
  }
  // Nothing was written: both still have exactly their two notes.
  const notes = (await admin('{ notes(order_by: {body: asc}) { body } }')) as { notes: { body: string }[] }
  expect(notes.notes.map((n) => n.body)).toEqual(["alice's note 1", "alice's note 2", "bob's note 1", "bob's note 2"])
})

test('a notes permission opened after the build is a leak for public.notes', async ({ page }) => {
  // The last test of this stack: it is stopped afterwards, so Hasura stays on the opened project.
  await stack.stopHasura()
  await stack.startHasura(openNotesProject())
  await signIn(page, 'alice')
  expect(await verdict(page)).toBe('leak')
  await expect(tableVerdict(page, 'public.notes')).toHaveAttribute('data-verdict', 'leak')
  await expect(tableVerdict(page, 'public.users')).toHaveAttribute('data-verdict', 'isolated')
  // The browser's own check of the rows Hasura returned, and the probe by filter, both caught bob's notes.
  await expect(page.locator('[data-probe="public.notes:rows"]')).toHaveAttribute('data-outcome', 'leak')
  await expect(page.locator('[data-probe="public.notes:rows"]')).toContainText('2 row(s) the filter does not give me')
  await expect(page.locator('[data-probe^="public.notes:by-filter:"][data-outcome=leak]').first()).toBeVisible()
})
