import { describe, expect, it } from 'vitest'
import { addUser, authorizeParams, CALLBACK, fragment, TestBrowser, testCognito } from '../testing.ts'

describe('GET /oauth2/authorize', () => {
  it('sends an unknown client to the error page and never redirects to the given URI', async () => {
    const { app } = await testCognito()
    const response = await app.request(`/oauth2/authorize?${authorizeParams({ client_id: 'nosuchclient' })}`)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/error?error=invalid_request&client_id=nosuchclient')
  })

  it.each([
    ['an unregistered host', 'https://evil.example/cognito-callback'],
    ['a trailing slash', `${CALLBACK}/`],
    ['another port', 'http://localhost:3334/cognito-callback'],
    ['no redirect_uri', ''],
  ])('treats %s as redirect_mismatch (RFC 6749 §4.1.2.1: MUST NOT redirect)', async (_, uri) => {
    const { app } = await testCognito()
    const response = await app.request(`/oauth2/authorize?${authorizeParams({ redirect_uri: uri })}`)
    expect(response.headers.get('location')).toBe('/error?error=redirect_mismatch&client_id=localdemoclient00000000000')
    const page = await app.request('/error?error=redirect_mismatch&client_id=x')
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('An error was encountered with the requested page.')
  })

  it('redirects later errors to the registered URI with error_description before error', async () => {
    const { app } = await testCognito()
    const badScope = await app.request(`/oauth2/authorize?${authorizeParams({ scope: 'openid admin' })}`)
    expect(badScope.headers.get('location')).toBe(
      `${CALLBACK}?error_description=invalid_scope&state=state-123&error=invalid_request`,
    )
    const noOpenid = await app.request(`/oauth2/authorize?${authorizeParams({ scope: 'email' })}`)
    expect(noOpenid.headers.get('location')).toContain('error_description=invalid_scope')
    const badType = await app.request(`/oauth2/authorize?${authorizeParams({ response_type: 'id_token' })}`)
    expect(new URL(badType.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request')
    const plain = await app.request(
      `/oauth2/authorize?${authorizeParams({ response_type: 'code', code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' })}`,
    )
    expect(new URL(plain.headers.get('location') ?? '').searchParams.get('error_description')).toBe(
      'Only S256 code_challenge_method is supported',
    )
  })

  it('refuses a flow the client does not allow', async () => {
    const { app } = await testCognito({ allowedFlows: ['code'] })
    const response = await app.request(`/oauth2/authorize?${authorizeParams()}`)
    expect(response.headers.get('location')).toBe(`${CALLBACK}?state=state-123&error=unauthorized_client`)
  })

  it('sends a browser without a session to /login with the same request', async () => {
    const { app } = await testCognito()
    const response = await app.request(`/oauth2/authorize?${authorizeParams()}`)
    const location = new URL(response.headers.get('location') ?? '', 'http://x')
    expect(location.pathname).toBe('/login')
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      state: 'state-123',
      nonce: 'nonce-456',
      response_type: 'token',
    })
  })

  it('answers silently while the hosted session lives, and asks again after an hour', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const browser = new TestBrowser(cognito)
    const signedIn = await browser.submit(`/login?${authorizeParams()}`, { username: 'alice', password: 'Passw0rd!' })
    expect(fragment(signedIn).get('id_token')).toBeTruthy()
    const silent = await browser.get(`/oauth2/authorize?${authorizeParams({ state: 'second' })}`)
    expect(fragment(silent).get('state')).toBe('second')
    expect(fragment(silent).get('access_token')).toBeTruthy()
    cognito.clock.advanceBy(3600 * 1000 + 1)
    const expired = await browser.get(`/oauth2/authorize?${authorizeParams()}`)
    expect(expired.headers.get('location')).toMatch(/^\/login\?/)
  })

  it('answers prompt=none without a session with login_required', async () => {
    const { app } = await testCognito()
    const response = await app.request(`/authorize?${authorizeParams({ prompt: 'none' })}`)
    expect(response.headers.get('location')).toBe(`${CALLBACK}?error=login_required&state=state-123`)
  })
})
