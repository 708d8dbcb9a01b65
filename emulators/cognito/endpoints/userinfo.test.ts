import { describe, expect, it } from 'vitest'
import { addUser, authorizeParams, fragment, TestBrowser, testCognito } from '../testing.ts'

describe('/oauth2/userInfo', () => {
  it('answers a valid access token with string-valued attributes, without caching', async () => {
    const cognito = await testCognito()
    const { sub } = await addUser(cognito)
    const params = fragment(
      await new TestBrowser(cognito).submit(`/login?${authorizeParams()}`, {
        username: 'alice',
        password: 'Passw0rd!',
      }),
    )
    const response = await cognito.app.request('/oauth2/userInfo', {
      headers: { authorization: `Bearer ${params.get('access_token')}` },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toContain('no-store')
    expect(await response.json()).toEqual({
      sub,
      email_verified: 'true',
      email: 'alice@example.com',
      username: 'alice',
    })
  })

  it('puts its errors in WWW-Authenticate as Cognito does', async () => {
    const cognito = await testCognito()
    const params = fragment(
      await (async () => {
        await addUser(cognito)
        return new TestBrowser(cognito).submit(`/login?${authorizeParams()}`, {
          username: 'alice',
          password: 'Passw0rd!',
        })
      })(),
    )
    const missing = await cognito.app.request('/oauth2/userInfo')
    expect(missing.status).toBe(400)
    expect(missing.headers.get('www-authenticate')).toBe(
      'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"',
    )
    const idToken = await cognito.app.request('/oauth2/userInfo', {
      headers: { authorization: `Bearer ${params.get('id_token')}` },
    })
    expect(idToken.status).toBe(401) // an ID token is not an access token
    cognito.clock.advanceBy(3600 * 1000 + 1)
    const expired = await cognito.app.request('/oauth2/userInfo', {
      headers: { authorization: `Bearer ${params.get('access_token')}` },
    })
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"')
  })
})
