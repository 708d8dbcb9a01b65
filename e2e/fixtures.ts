/**
 * Fixtures shared by every spec: the hosted-UI page object, the local outbox, fresh users, and a signed-in page.
 * Specs import `test` and `expect` from here (epic-stack's playwright-utils).
 */
import { test as base, expect, type Page } from '@playwright/test'
import { hostedSignIn } from '../scripts/hosted-sign-in.ts'
import { HostedUi } from './pages/hosted-ui.ts'
import { urls } from './ports.ts'

export const PASSWORD = 'Passw0rd!'

interface OutboxMessage {
  username: string
  email: string
  code: string
  purpose: string
}

export interface Fixtures {
  hostedUi: HostedUi
  /** The newest verification code the local pool "e-mailed" to a user. */
  codeFor: (username: string) => Promise<string>
  /** A confirmed user nobody else uses, created for this test. */
  freshUser: { username: string; email: string; password: string }
  signIn: (page: Page, username: string, password?: string) => Promise<void>
  /** Signs in through the hosted UI over plain HTTP (no browser) and returns where Cognito redirects. */
  hostedSignIn: (loginUrl: string, username: string, password: string) => Promise<string>
}

let counter = 0

export const test = base.extend<Fixtures>({
  hostedUi: async ({ page }, use) => {
    await use(new HostedUi(page))
  },
  codeFor: async ({ request }, use) => {
    await use(async (username) => {
      const outbox = (await (await request.get(`${urls.cognito}/_local/outbox`)).json()) as OutboxMessage[]
      const message = outbox.filter((m) => m.username === username).at(-1)
      if (!message) throw new Error(`no code was sent to ${username}`)
      return message.code
    })
  },
  freshUser: async ({ request }, use, testInfo) => {
    counter += 1
    const username = `user${testInfo.workerIndex}x${Date.now().toString(36)}${counter}`
    const user = { username, email: `${username}@example.com`, password: PASSWORD }
    const created = await request.post(`${urls.cognito}/_local/users`, { data: user })
    expect(created.status()).toBe(201)
    await use(user)
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  hostedSignIn: async ({}, use) => {
    await use(async (loginUrl, username, password) => {
      const response = await hostedSignIn(loginUrl, username, password)
      expect(response.status).toBe(302)
      return response.headers.get('location') ?? ''
    })
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  signIn: async ({}, use) => {
    await use(async (page, username, password = PASSWORD) => {
      await page.goto('/')
      await page.getByRole('link', { name: 'Log in' }).click()
      await new HostedUi(page).signIn(username, password)
      await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
    })
  },
})

export { expect }

/** The isolation verdict once the probes have run. */
export async function verdict(page: Page): Promise<string | null> {
  const locator = page.getByTestId('isolation-verdict')
  await expect(locator).not.toHaveAttribute('data-verdict', 'running', { timeout: 15_000 })
  return locator.getAttribute('data-verdict')
}
