import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  addUser,
  authorizeParams,
  CALLBACK,
  errorText,
  failingTrigger,
  fragment,
  TestBrowser,
  testCognito,
} from '../testing.ts'

describe('/login', () => {
  it('renders the classic hosted-UI markup, labelled, with a CSRF field and no script', async () => {
    const { app } = await testCognito()
    const html = await (await app.request(`/login?${authorizeParams()}`)).text()
    expect(html).toContain('<input id="signInFormUsername" name="username"')
    expect(html).toContain('<input id="signInFormPassword" name="password" type="password"')
    expect(html).toContain('<input name="signInSubmitButton" type="submit" value="Sign in"')
    expect(html).toContain('<label for="signInFormUsername">')
    expect(html).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{43}"/)
    expect(html).not.toContain('<script')
  })

  it('signs in with the implicit grant: tokens and state in the fragment, nonce echoed', async () => {
    const cognito = await testCognito()
    const { sub } = await addUser(cognito)
    const response = await new TestBrowser(cognito).submit(`/login?${authorizeParams()}`, {
      username: 'ALICE',
      password: 'Passw0rd!',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')?.startsWith(`${CALLBACK}#`)).toBe(true)
    const params = fragment(response)
    expect([...params.keys()]).toEqual(['access_token', 'id_token', 'token_type', 'expires_in', 'state'])
    expect(params.get('token_type')).toBe('Bearer')
    expect(params.get('expires_in')).toBe('3600')
    const id = decodeJwt(params.get('id_token') ?? '')
    expect(id).toMatchObject({ sub, nonce: 'nonce-456', token_use: 'id', 'cognito:username': 'alice' })
    expect(response.headers.get('set-cookie')).toMatch(/cognito=.*HttpOnly/)
  })

  it('omits the ID token without the openid scope', async () => {
    const cognito = await testCognito({
      allowedScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    })
    await addUser(cognito)
    const response = await new TestBrowser(cognito).submit(
      `/login?${authorizeParams({ scope: 'aws.cognito.signin.user.admin' })}`,
      {
        username: 'alice',
        password: 'Passw0rd!',
      },
    )
    expect(fragment(response).get('id_token')).toBeNull()
    expect(fragment(response).get('access_token')).toBeTruthy()
  })

  it('says "Incorrect username or password." for a wrong password and for an unknown user alike', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const browser = new TestBrowser(cognito)
    const wrong = await browser.submit(`/login?${authorizeParams()}`, { username: 'alice', password: 'nope' })
    const unknown = await browser.submit(`/login?${authorizeParams()}`, { username: 'mallory', password: 'nope' })
    expect(errorText(await wrong.text())).toBe('Incorrect username or password.')
    expect(errorText(await unknown.text())).toBe('Incorrect username or password.')
  })

  it('says "User is not confirmed." only after the right password', async () => {
    const cognito = await testCognito()
    const browser = new TestBrowser(cognito)
    await browser.submit(`/signup?${authorizeParams()}`, {
      username: 'carol',
      'requiredAttributes[email]': 'carol@example.com',
      password: 'Passw0rd!',
    })
    const wrong = await browser.submit(`/login?${authorizeParams()}`, { username: 'carol', password: 'Wrong0rd!' })
    expect(errorText(await wrong.text())).toBe('Incorrect username or password.')
    const right = await browser.submit(`/login?${authorizeParams()}`, { username: 'carol', password: 'Passw0rd!' })
    expect(errorText(await right.text())).toBe('User is not confirmed.')
  })

  it('locks out after 5 failures, for 1 s then doubling, and does not extend the lock on attempts during it', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const browser = new TestBrowser(cognito)
    const attempt = async (password: string) =>
      errorText(await (await browser.submit(`/login?${authorizeParams()}`, { username: 'alice', password })).text())
    for (let i = 0; i < 5; i++) expect(await attempt('bad')).toBe('Incorrect username or password.')
    expect(await attempt('Passw0rd!')).toBe('Password attempts exceeded')
    cognito.clock.advanceBy(1001)
    expect(await attempt('bad')).toBe('Incorrect username or password.') // 6th failure: locked for 2 s
    cognito.clock.advanceBy(1000)
    expect(await attempt('Passw0rd!')).toBe('Password attempts exceeded')
    cognito.clock.advanceBy(1001)
    const ok = await browser.submit(`/login?${authorizeParams()}`, { username: 'alice', password: 'Passw0rd!' })
    expect(fragment(ok).get('access_token')).toBeTruthy()
  })

  it('rejects a form without the CSRF cookie value', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const response = await cognito.app.request(`/login?${authorizeParams()}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: 'XSRF-TOKEN=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      },
      body: new URLSearchParams({
        _csrf: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
        username: 'alice',
        password: 'Passw0rd!',
      }).toString(),
    })
    expect(response.status).toBe(403)
    expect(response.headers.get('location')).toBeNull()
  })

  it.each([
    ['a JSON body', 'application/json', '{"username":"alice","password":"Passw0rd!"}'],
    ['an empty body', 'application/x-www-form-urlencoded', ''],
    ['a broken form', 'application/x-www-form-urlencoded', '%%%&&&==='],
  ])('answers %s with the form again, never a 500 and never tokens', async (_, contentType, body) => {
    const cognito = await testCognito()
    await addUser(cognito)
    const response = await cognito.app.request(`/login?${authorizeParams()}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    })
    expect(response.status).toBe(403) // no CSRF field: refused before the credentials are even read
    expect(response.headers.get('location')).toBeNull()
    expect(await response.text()).toContain('id="signInFormUsername"')
  })

  it('escapes what it echoes', async () => {
    const cognito = await testCognito()
    const response = await new TestBrowser(cognito).submit(
      `/login?${authorizeParams({ state: '"><script>alert(1)</script>' })}`,
      {
        username: '<img src=x onerror=alert(1)>',
        password: 'x',
      },
    )
    const html = await response.text()
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('shows a failing Post Authentication trigger above the form and issues nothing', async () => {
    const cognito = await testCognito(
      {},
      { handlers: { 'post-authentication': failingTrigger('could not reach Hasura: ECONNREFUSED') } },
    )
    await addUser(cognito)
    const browser = new TestBrowser(cognito)
    const response = await browser.submit(`/login?${authorizeParams()}`, { username: 'alice', password: 'Passw0rd!' })
    expect(response.status).toBe(200)
    expect(errorText(await response.text())).toBe(
      'PostAuthentication failed with error could not reach Hasura: ECONNREFUSED.',
    )
    expect(browser.cookies.has('cognito')).toBe(false)
    const [event] = cognito.deps.triggers.events()
    expect(event).toMatchObject({ trigger: 'post-authentication', triggerSource: 'PostAuthentication_Authentication' })
    expect(event?.error).toContain('ECONNREFUSED')
  })

  it('reports a trigger that never answers as Cognito does after 5 s', async () => {
    const cognito = await testCognito({}, { handlers: { 'post-authentication': () => new Promise(() => {}) } })
    await addUser(cognito)
    const { vi } = await import('vitest')
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    try {
      const pending = new TestBrowser(cognito).submit(`/login?${authorizeParams()}`, {
        username: 'alice',
        password: 'Passw0rd!',
      })
      await vi.waitFor(() => expect(cognito.deps.triggers.events()).toHaveLength(1))
      await vi.advanceTimersByTimeAsync(5000)
      expect(errorText(await (await pending).text())).toBe(
        'PostAuthentication invocation failed due to error Socket timeout while invoking Lambda function.',
      )
    } finally {
      vi.useRealTimers()
    }
  })
})
