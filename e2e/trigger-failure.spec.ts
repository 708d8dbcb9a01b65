import { expect, test } from './fixtures.ts'
import { HostedUi } from './pages/hosted-ui.ts'
import { urls } from './ports.ts'

test("with Hasura stopped, the Post Authentication trigger fails: Cognito's error text, no tokens", async ({
  page,
  request,
  freshUser,
}) => {
  await page.goto('/')
  await page.getByRole('link', { name: 'Log in' }).click()
  expect((await request.post(`${urls.control}/hasura/stop`)).status()).toBe(204)
  try {
    await new HostedUi(page).signIn(freshUser.username, freshUser.password)
    // Cognito shows the trigger's message verbatim: it names the failure, never Hasura's (internal) URL.
    await expect(new HostedUi(page).error).toHaveText(
      /^PostAuthentication failed with error could not reach Hasura: (ECONNREFUSED|no answer within \d+ ms)\.$/,
    )
    expect(page.url()).toContain(`${urls.cognito}/login`)
    const events = (await (await request.get(`${urls.cognito}/_local/events`)).json()) as {
      trigger: string
      error?: string
    }[]
    expect(events.at(-1)).toMatchObject({ trigger: 'post-authentication' })
  } finally {
    expect((await request.post(`${urls.control}/hasura/start`)).status()).toBe(204)
  }
  // With Hasura back, the same sign-in goes through.
  await new HostedUi(page).signIn(freshUser.username, freshUser.password)
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
})
