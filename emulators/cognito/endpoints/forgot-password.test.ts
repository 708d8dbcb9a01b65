import { describe, expect, it } from 'vitest'
import {
  acceptingTrigger,
  addUser,
  authorizeParams,
  CLIENT_ID,
  errorText,
  failingTrigger,
  fragment,
  TestBrowser,
  type TestCognito,
  testCognito,
} from '../testing.ts'

const NEW_PASSWORD = 'N3w-Passw0rd'

/** Asks for a reset code for `username` and submits it with a new password. */
async function reset(cognito: TestCognito, browser: TestBrowser, username: string) {
  const asked = await browser.submit(`/forgotPassword?${authorizeParams()}`, { username })
  const code = cognito.deps.outbox.messages().at(-1)
  return browser.submit(asked.headers.get('location') ?? '', {
    username,
    code: code?.username === username ? code.code : '123456',
    password: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
  })
}

describe('/confirmforgotPassword: Post Confirmation', () => {
  it("runs at PostConfirmation_ConfirmForgotPassword with Cognito's V1 event, and signs nobody in", async () => {
    const cognito = await testCognito({}, { handlers: { 'post-confirmation': acceptingTrigger } })
    const { sub } = await addUser(cognito)
    const browser = new TestBrowser(cognito)
    const done = await reset(cognito, browser, 'alice')
    expect(done.headers.get('location')).toMatch(/^\/login\?.*notice=password-reset/)
    const events = cognito.deps.triggers.events()
    expect(events.map((e) => e.triggerSource)).toEqual(['PostConfirmation_ConfirmForgotPassword'])
    expect(events[0]?.event).toEqual({
      version: '1',
      region: 'us-east-1',
      userPoolId: 'us-east-1_LocalPool',
      userName: 'alice',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: CLIENT_ID },
      triggerSource: 'PostConfirmation_ConfirmForgotPassword',
      request: {
        userAttributes: { sub, email_verified: 'true', 'cognito:user_status': 'CONFIRMED', email: 'alice@example.com' },
      },
      response: {},
    })
    expect(browser.cookies.has('cognito')).toBe(false)
  })

  it('shows a failing trigger above the form as Cognito does; the new password stands', async () => {
    const cognito = await testCognito(
      {},
      { handlers: { 'post-confirmation': failingTrigger('audit log unavailable') } },
    )
    await addUser(cognito)
    const browser = new TestBrowser(cognito)
    const failed = await reset(cognito, browser, 'alice')
    expect(failed.status).toBe(200)
    expect(errorText(await failed.text())).toBe('PostConfirmation failed with error audit log unavailable.')
    const signedIn = await browser.submit(`/login?${authorizeParams()}`, { username: 'alice', password: NEW_PASSWORD })
    expect(fragment(signedIn).get('access_token')).toBeTruthy()
  })

  it('does not run for an unknown user, who gets the same answer as a wrong code', async () => {
    const cognito = await testCognito({}, { handlers: { 'post-confirmation': acceptingTrigger } })
    const answer = await reset(cognito, new TestBrowser(cognito), 'nobody')
    expect(errorText(await answer.text())).toBe('Invalid verification code provided, please try again.')
    expect(cognito.deps.triggers.events()).toEqual([])
  })
})
