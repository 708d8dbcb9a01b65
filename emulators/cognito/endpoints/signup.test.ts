import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { authorizeParams, errorText, fragment, TestBrowser, testCognito } from '../testing.ts'

const signUp = (browser: TestBrowser, username: string, password: string, email = `${username}@example.com`) =>
  browser.submit(`/signup?${authorizeParams()}`, { username, 'requiredAttributes[email]': email, password })

describe('/signup → /confirm', () => {
  it('renders the pinned markup with the policy hints', async () => {
    const { app } = await testCognito()
    const html = await (await app.request(`/signup?${authorizeParams()}`)).text()
    expect(html).toContain('name="requiredAttributes[email]"')
    expect(html).toContain('<button name="signUpButton" type="submit"')
    expect(html).toContain('Password must contain a special character')
  })

  it.each([
    [
      'Pa1!',
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 6",
    ],
    ['Pa1!xy', 'Password did not conform with policy: Password not long enough'],
    ['PASSW0RD!', 'Password did not conform with policy: Password must have lowercase characters'],
    ['passw0rd!', 'Password did not conform with policy: Password must have uppercase characters'],
    ['Password!', 'Password did not conform with policy: Password must have numeric characters'],
    ['Passw0rdd', 'Password did not conform with policy: Password must have symbol characters'],
  ])("rejects %s with Cognito's message", async (password, message) => {
    const browser = new TestBrowser(await testCognito())
    const response = await signUp(browser, 'dave', password)
    const html = await response.text()
    expect(errorText(html)).toBe(message)
    expect(html).toContain('value="dave"') // what was typed is kept
  })

  it('delivers a 6-digit code, confirms with it and signs the new user in', async () => {
    const cognito = await testCognito()
    const browser = new TestBrowser(cognito)
    const created = await signUp(browser, 'Erin', 'Passw0rd!')
    expect(created.headers.get('location')).toMatch(/^\/confirm\?.*username=Erin/)
    const [message] = cognito.deps.outbox.messages()
    expect(message).toMatchObject({ username: 'Erin', email: 'Erin@example.com', purpose: 'SignUp' })
    expect(message?.code).toMatch(/^\d{6}$/)
    expect(cognito.lines.some((l) => l.includes(message?.code ?? '-'))).toBe(true)

    const confirmPath = created.headers.get('location') ?? ''
    const page = await (await browser.get(confirmPath)).text()
    expect(page).toContain('<input id="verification_code" name="code"')
    expect(page).toContain('E***@e***')
    const wrong = await browser.submit(confirmPath, {
      username: 'Erin',
      code: '000000' === message?.code ? '111111' : '000000',
    })
    expect(errorText(await wrong.text())).toBe('Invalid verification code provided, please try again.')

    const confirmed = await browser.submit(confirmPath, { username: 'Erin', code: message?.code ?? '' })
    expect(decodeJwt(fragment(confirmed).get('id_token') ?? '')).toMatchObject({
      'cognito:username': 'Erin',
      email_verified: true,
    })
  })

  it('expires a sign-up code after 24 hours and resends a new one', async () => {
    const cognito = await testCognito()
    const browser = new TestBrowser(cognito)
    const created = await signUp(browser, 'frank', 'Passw0rd!')
    const confirmPath = created.headers.get('location') ?? ''
    cognito.clock.advanceBy(24 * 3600 * 1000 + 1)
    const stale = await browser.submit(confirmPath, {
      username: 'frank',
      code: cognito.deps.outbox.messages()[0]?.code ?? '',
    })
    expect(errorText(await stale.text())).toBe('Invalid code provided, please request a code again.')
    await browser.get(`/resendcode?${authorizeParams({ username: 'frank' })}`)
    expect(cognito.deps.outbox.messages()).toHaveLength(2)
    const fresh = await browser.submit(confirmPath, {
      username: 'frank',
      code: cognito.deps.outbox.messages()[1]?.code ?? '',
    })
    expect(fragment(fresh).get('access_token')).toBeTruthy()
  })

  it('says "User already exists" case-insensitively', async () => {
    const browser = new TestBrowser(await testCognito())
    await signUp(browser, 'grace', 'Passw0rd!')
    expect(errorText(await (await signUp(browser, 'GRACE', 'Passw0rd!')).text())).toBe('User already exists')
  })

  it('lets exactly one of two simultaneous sign-ups of one username win', async () => {
    const cognito = await testCognito()
    const [a, b] = await Promise.all([
      signUp(new TestBrowser(cognito), 'heidi', 'Passw0rd!'),
      signUp(new TestBrowser(cognito), 'Heidi', 'Passw0rd!'),
    ])
    const outcomes = [a.status, b.status].sort()
    expect(outcomes).toEqual([200, 302])
    expect(cognito.deps.users.list().filter((u) => u.username.toLowerCase() === 'heidi')).toHaveLength(1)
  })

  it('resets a forgotten password with a code and the same policy', async () => {
    const cognito = await testCognito()
    const browser = new TestBrowser(cognito)
    const created = await signUp(browser, 'ivan', 'Passw0rd!')
    await browser.submit(created.headers.get('location') ?? '', {
      username: 'ivan',
      code: cognito.deps.outbox.messages()[0]?.code ?? '',
    })
    const asked = await browser.submit(`/forgotPassword?${authorizeParams()}`, { username: 'ivan' })
    const resetPath = asked.headers.get('location') ?? ''
    const code = cognito.deps.outbox.messages().at(-1)
    expect(code?.purpose).toBe('ForgotPassword')
    const weak = await browser.submit(resetPath, {
      username: 'ivan',
      code: code?.code ?? '',
      password: 'weak',
      confirmPassword: 'weak',
    })
    expect(errorText(await weak.text())).toMatch(/^1 validation error detected/)
    const done = await browser.submit(resetPath, {
      username: 'ivan',
      code: code?.code ?? '',
      password: 'N3w-Passw0rd',
      confirmPassword: 'N3w-Passw0rd',
    })
    expect(done.headers.get('location')).toMatch(/^\/login\?/)
    const signedIn = await browser.submit(`/login?${authorizeParams()}`, { username: 'ivan', password: 'N3w-Passw0rd' })
    expect(fragment(signedIn).get('access_token')).toBeTruthy()
  })
})
