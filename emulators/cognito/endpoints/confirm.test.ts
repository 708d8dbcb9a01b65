import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  acceptingTrigger,
  authorizeParams,
  CLIENT_ID,
  errorText,
  failingTrigger,
  fragment,
  TestBrowser,
  type TestCognito,
  testCognito,
} from '../testing.ts'

const handlersFor = (postConfirmation: (event: unknown) => Promise<unknown>) => ({
  'post-confirmation': postConfirmation,
  'post-authentication': acceptingTrigger,
  'pre-token-generation': acceptingTrigger,
})

/** Signs `username` up and returns the confirm page's path and the e-mailed code. */
async function signUp(cognito: TestCognito, browser: TestBrowser, username: string) {
  const created = await browser.submit(`/signup?${authorizeParams()}`, {
    username,
    'requiredAttributes[email]': `${username}@example.com`,
    password: 'Passw0rd!',
  })
  return { confirmPath: created.headers.get('location') ?? '', code: cognito.deps.outbox.messages().at(-1)?.code ?? '' }
}

describe('/confirm: Post Confirmation', () => {
  it("runs at PostConfirmation_ConfirmSignUp with Cognito's V1 event, before the sign-in's own triggers", async () => {
    const cognito = await testCognito({}, { handlers: handlersFor(acceptingTrigger) })
    const browser = new TestBrowser(cognito)
    const { confirmPath, code } = await signUp(cognito, browser, 'nina')
    expect(cognito.deps.triggers.events()).toEqual([]) // nothing at sign-up itself
    const confirmed = await browser.submit(confirmPath, { username: 'nina', code })
    expect(fragment(confirmed).get('id_token')).toBeTruthy()

    const events = cognito.deps.triggers.events()
    expect(events.map((e) => e.triggerSource)).toEqual([
      'PostConfirmation_ConfirmSignUp',
      'PostAuthentication_Authentication',
      'TokenGeneration_HostedAuth',
    ])
    const sub = cognito.deps.users.find('nina')?.sub
    expect(events[0]).toMatchObject({ trigger: 'post-confirmation', response: {} })
    expect(events[0]?.event).toEqual({
      version: '1',
      region: 'us-east-1',
      userPoolId: 'us-east-1_LocalPool',
      userName: 'nina',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: CLIENT_ID },
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      request: {
        userAttributes: { sub, email_verified: 'true', 'cognito:user_status': 'CONFIRMED', email: 'nina@example.com' },
      },
      response: {},
    })
  })

  it('shows a failing trigger above the form as Cognito does, signs nobody in, and keeps the confirmation', async () => {
    const cognito = await testCognito(
      {},
      { handlers: handlersFor(failingTrigger('could not reach Hasura: ECONNREFUSED')) },
    )
    const browser = new TestBrowser(cognito)
    const { confirmPath, code } = await signUp(cognito, browser, 'olga')
    const response = await browser.submit(confirmPath, { username: 'olga', code })
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(errorText(html)).toBe('PostConfirmation failed with error could not reach Hasura: ECONNREFUSED.')
    expect(html).toContain('id="verification_code"')
    expect(html).not.toContain('at Object') // no stack on the page
    expect(response.headers.get('location')).toBeNull()
    expect(browser.cookies.has('cognito')).toBe(false)
    expect(cognito.deps.triggers.events().map((e) => e.trigger)).toEqual(['post-confirmation'])
    expect(cognito.deps.triggers.events()[0]?.detail).toMatch(/^Error: could not reach Hasura: ECONNREFUSED\n\s+at /)

    // The confirmation itself is done (ADR 015): the code cannot confirm twice, and the password signs in.
    expect(cognito.deps.users.find('olga')).toMatchObject({ status: 'CONFIRMED', emailVerified: true })
    const again = await browser.submit(confirmPath, { username: 'olga', code })
    expect(errorText(await again.text())).toBe('User cannot be confirmed. Current status is CONFIRMED')
    const signedIn = await browser.submit(`/login?${authorizeParams()}`, { username: 'olga', password: 'Passw0rd!' })
    expect(decodeJwt(fragment(signedIn).get('id_token') ?? '')).toMatchObject({ 'cognito:username': 'olga' })
    expect(cognito.deps.triggers.events().at(-2)?.triggerSource).toBe('PostAuthentication_Authentication')
  })

  it('confirms and signs in without it when it is not attached (COGNITO_TRIGGERS without post-confirmation)', async () => {
    const cognito = await testCognito({}, { handlers: { 'post-authentication': acceptingTrigger } })
    const browser = new TestBrowser(cognito)
    const { confirmPath, code } = await signUp(cognito, browser, 'pia')
    expect(fragment(await browser.submit(confirmPath, { username: 'pia', code })).get('access_token')).toBeTruthy()
    expect(cognito.deps.triggers.events().map((e) => e.trigger)).toEqual(['post-authentication'])
  })

  it('does not run for a wrong code', async () => {
    const cognito = await testCognito({}, { handlers: handlersFor(acceptingTrigger) })
    const browser = new TestBrowser(cognito)
    const { confirmPath, code } = await signUp(cognito, browser, 'quinn')
    const wrong = await browser.submit(confirmPath, {
      username: 'quinn',
      code: code === '000000' ? '111111' : '000000',
    })
    expect(errorText(await wrong.text())).toBe('Invalid verification code provided, please try again.')
    expect(cognito.deps.triggers.events()).toEqual([])
  })
})
