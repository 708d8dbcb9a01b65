/**
 * What `npm run verify:deployment` checks, as steps the report (report.ts) prints one line each: the SPA loads, the
 * hosted UI signs the user in, the SPA verifies the tokens, the isolation proof says "isolated" — and with a second
 * user, both side by side with cross-probes. A check that does not hold fails with the precise reason, read from the
 * page: Cognito's error text, the rejected check, the probe that leaked, Hasura's error with its likely cause.
 * Nothing here prints a URL with a fragment or query (they carry tokens and codes) or a password.
 */
import { expect, type Locator, type Page, test } from '@playwright/test'
import { type Credentials, verifyConfig } from '../../scripts/verify-config.ts'
import { HostedUi } from '../pages/hosted-ui.ts'

const settings = verifyConfig(process.env)
if (!settings.ok) throw new Error(settings.problems.join('; '))
const { spaUrl, user, secondUser } = settings.config

/** A check that did not hold; its message is the reason the report gives. */
class CheckFailed extends Error {
  name = 'CheckFailed'
}

/** A line of detail under the current check in the report. */
const detail = (line: string) => console.log(line)

const where = (page: Page) => {
  const url = new URL(page.url())
  return `${url.origin}${url.pathname}`
}

const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim()

/** Waits until one of `outcomes` is visible and returns its key (the first in order, if several are). */
async function firstOf<K extends string>(
  outcomes: Record<K, Locator>,
  timeout: number,
  otherwise: () => string,
): Promise<K> {
  const keys = Object.keys(outcomes) as K[]
  const any = keys.map((key) => outcomes[key]).reduce((a, b) => a.or(b))
  try {
    await any.first().waitFor({ state: 'visible', timeout })
  } catch {
    throw new CheckFailed(otherwise())
  }
  for (const key of keys) if (await outcomes[key].first().isVisible()) return key
  return keys[0] as K
}

/** Why Cognito shows its error page instead of the sign-in form (specs/cognito.md §2). */
const COGNITO_ERROR_PAGE: Record<string, string> = {
  redirect_mismatch: "the SPA's redirect_uri is not one of the app client's callback URLs, byte for byte",
  invalid_request: 'the authorize request is malformed (client_id, response_type or redirect_uri)',
  unauthorized_client: 'the app client does not allow this OAuth flow',
}

/** After "Log in" (or "Add another user"): the hosted UI's form, filled in, and where that leads. */
async function signIn(page: Page, credentials: Credentials, redirectUri: string | null): Promise<void> {
  const hostedUi = new HostedUi(page)
  const shown = await firstOf(
    {
      form: hostedUi.usernameField,
      errorPage: page.getByText('An error was encountered with the requested page.'),
    },
    30_000,
    () => `the hosted UI showed no sign-in form (at ${where(page)})`,
  )
  if (shown === 'errorPage') {
    const error = new URL(page.url()).searchParams.get('error') ?? 'no error code'
    const cause = COGNITO_ERROR_PAGE[error] ?? "see Cognito's authorization endpoint documentation"
    throw new CheckFailed(
      `Cognito's error page instead of the sign-in form: ${error} — ${cause}${redirectUri ? ` (redirect_uri ${redirectUri})` : ''}`,
    )
  }
  await hostedUi.signIn(credentials.username, credentials.password)
  const outcome = await firstOf(
    {
      tokens: page.getByTestId('id-token-status'),
      callbackError: page.getByTestId('callback-error'),
      cognito: hostedUi.error,
      // Managed login shows its errors in its own markup; an alert on the hosted UI is the nearest common ground.
      alert: page.getByRole('alert'),
    },
    30_000,
    () => `neither the SPA nor the hosted UI answered the sign-in (now at ${where(page)})`,
  )
  if (outcome === 'cognito') throw new CheckFailed(`Cognito refused the sign-in: ${await textOf(hostedUi.error)}`)
  if (outcome === 'alert') {
    const alert = await textOf(page.getByRole('alert').first())
    const onSpa = new URL(page.url()).origin === new URL(spaUrl).origin
    throw new CheckFailed(onSpa ? `the SPA shows an error: ${alert}` : `Cognito refused the sign-in: ${alert}`)
  }
  if (outcome === 'callbackError')
    throw new CheckFailed(
      `Cognito sent the browser back with an error: ${await textOf(page.getByTestId('callback-error'))}`,
    )
  detail(`back at ${where(page)}`)
}

/**
 * The SPA's verdict on the ID token — and on the access token when the SPA sends that one to Hasura
 * (`VITE_HASURA_TOKEN=access`) — their checks, and the Hasura JWT secret the token sent to Hasura needs.
 */
async function tokensVerified(page: Page, showSecret: boolean): Promise<void> {
  for (const [kind, name] of [
    ['id', 'ID token'],
    ['access', 'access token'],
  ] as const) {
    const status = page.getByTestId(`${kind}-token-status`)
    if (kind === 'access' && !(await status.count())) continue // the SPA sends the ID token
    if ((await status.getAttribute('data-state')) !== 'verified')
      throw new CheckFailed(`the SPA rejected the ${name}: ${(await textOf(status)).replace(/^Rejected: /, '')}`)
    const checks = await page.locator('section', { has: status }).locator('li code').allInnerTexts()
    detail(`${name} verified${checks.length ? `: ${checks.join(', ')}` : ''}`)
  }
  if (!showSecret) return
  const secret = page.getByTestId('suggested-jwt-secret')
  if (await secret.count()) detail(`Hasura needs HASURA_GRAPHQL_JWT_SECRET=${await textOf(secret)}`)
  else detail('the claims view suggests no HASURA_GRAPHQL_JWT_SECRET for this token')
  for (const problem of await page.locator('[data-testid=diagnostics] li.error').allInnerTexts())
    detail(`the claims view warns: ${problem}`)
}

/**
 * The probe rows with the given outcome, one line per distinct result: who ran which probe, what came back and the
 * likely cause (probes that met the same error — Hasura down, a wrong JWT secret — are counted on one line).
 */
async function probes(page: Page, outcome: 'leak' | 'fail' | 'skipped', probe = ''): Promise<string[]> {
  const byResult = new Map<string, string[]>()
  // ([data-probe^=""] would match nothing: CSS Selectors 3 §6.3.2)
  const rows = page.locator(`tr${probe ? `[data-probe^="${probe}"]` : '[data-probe]'}[data-outcome=${outcome}]`)
  for (const row of await rows.all()) {
    const who = ((await row.locator('xpath=ancestor::table[1]').getAttribute('aria-label')) ?? '').replace(
      /^Probes as /,
      'as ',
    )
    const cells = row.locator('td')
    const hint = (await cells.nth(2).locator('.hint').count()) ? await textOf(cells.nth(2).locator('.hint')) : ''
    const actual = (await textOf(cells.nth(2))).replace(hint, '').trim()
    const result = `got ${actual}${hint ? ` — likely cause: ${hint}` : ''}`
    byResult.set(result, [...(byResult.get(result) ?? []), `${who}: ${await textOf(cells.nth(0))}`])
  }
  return [...byResult].map(([result, which]) =>
    which.length === 1
      ? `${which[0]} — ${result}`
      : `${which.length} probes ${[...new Set(which.map((w) => w.split(':')[0]))].join(' and ')} ${result}`,
  )
}

/** A reason with one line per item: the first on the headline (the report's last line repeats it). */
const listed = (headline: string, items: string[]) => `${headline}: ${items.join('\n')}`

/** Waits for the isolation proof's verdict and requires `isolated`, naming what leaked or failed otherwise. */
async function isolated(page: Page): Promise<void> {
  const verdict = page.getByTestId('isolation-verdict')
  // (A missing verdict would pass the "not running" wait below at once.)
  await firstOf({ verdict }, 30_000, () => `the SPA shows no isolation proof (at ${where(page)})`)
  try {
    await expect(verdict).not.toHaveAttribute('data-verdict', 'running', { timeout: 60_000 })
  } catch {
    throw new CheckFailed('the isolation proof did not finish within 60 s (is Hasura reachable from the browser?)')
  }
  const tables = page.getByTestId('table-verdict')
  const perTable: string[] = []
  for (const table of await tables.all())
    perTable.push(`${await table.getAttribute('data-table')} ${await table.getAttribute('data-verdict')}`)
  const value = await verdict.getAttribute('data-verdict')
  if (value === 'leak') {
    const leaks = [...(await probes(page, 'leak')), ...perTable.filter((t) => t.endsWith(' leak'))]
    throw new CheckFailed(listed('LEAK', leaks.length ? leaks : [await textOf(verdict)]))
  }
  if (value !== 'isolated') {
    const failed = await probes(page, 'fail')
    throw new CheckFailed(listed(`the isolation proof says ${value}`, failed.length ? failed : [await textOf(verdict)]))
  }
  const passed = await page.locator('tr[data-probe][data-outcome=pass]').count()
  detail(`${perTable.length ? `${perTable.join(', ')} · ` : ''}${passed} probes passed`)
}

// Playwright keeps an accessibility snapshot of a failed test's page (error-context.md), and a snapshot shows what a
// password field holds: empty them first. (The failure screenshot is taken before this and shows only dots.)
test.afterEach(async ({ page }) => {
  await page.locator('input[type=password]').evaluateAll((fields) => {
    for (const field of fields) (field as HTMLInputElement).value = ''
  })
})

test('the deployment signs users in, verifies their tokens and keeps them apart', async ({ page }) => {
  let redirectUri: string | null = null
  await test.step(`open the SPA at ${spaUrl}`, async () => {
    const response = await page.goto(spaUrl).catch((error: Error) => {
      throw new CheckFailed(`cannot reach the SPA: ${error.message.split('\n')[0]?.replace(/^page\.goto: /, '')}`)
    })
    if (response && !response.ok()) throw new CheckFailed(`the SPA answered HTTP ${response.status()}`)
    const login = page.getByRole('link', { name: 'Log in', exact: true })
    const problems = page.getByTestId('config-problems')
    const shown = await firstOf(
      { login, problems },
      15_000,
      () => `no "Log in" link at ${where(page)} — is this the SPA (signed out)?`,
    )
    if (shown === 'problems') throw new CheckFailed(`the SPA reports its settings wrong: ${await textOf(problems)}`)
    const href = await login.getAttribute('href')
    if (href) {
      const authorize = new URL(href, page.url())
      const query = authorize.searchParams
      redirectUri = query.get('redirect_uri')
      detail(
        `hosted UI ${authorize.origin} · client ${query.get('client_id')} · response_type ${query.get('response_type')} · redirect_uri ${redirectUri}`,
      )
    }
  })
  await test.step(`sign in as ${user.username} through the hosted UI`, async () => {
    await page.getByRole('link', { name: 'Log in', exact: true }).click()
    await signIn(page, user, redirectUri)
  })
  await test.step('the SPA verifies the tokens', () => tokensVerified(page, true))
  await test.step(`isolation proof as ${user.username}`, () => isolated(page))
  if (!secondUser) return
  await test.step(`sign in as ${secondUser.username} too ("Add another user")`, async () => {
    await page.getByRole('link', { name: 'Prove row-level isolation' }).first().click()
    await page.getByRole('button', { name: 'Add another user' }).click()
    await signIn(page, secondUser, redirectUri)
    await tokensVerified(page, false)
  })
  await test.step(`isolation proof for ${user.username} and ${secondUser.username} side by side`, async () => {
    await isolated(page)
    const identities = await page.locator('table[aria-label^="Probes as "]').count()
    if (identities < 2) throw new CheckFailed(`the proof ran for ${identities} identity, not both`)
    const skipped = await probes(page, 'skipped', 'row-by-key')
    if (skipped.length) throw new CheckFailed(listed('cross-probes did not run', skipped))
    detail("each user asked Hasura for the other's rows and got none")
  })
})
