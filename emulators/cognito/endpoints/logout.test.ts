import { describe, expect, it } from 'vitest'
import { addUser, authorizeParams, CALLBACK, CLIENT_ID, fragment, TestBrowser, testCognito } from '../testing.ts'

describe('GET /logout', () => {
  it('ends the hosted session and goes to a registered logout_uri; the next sign-in asks again', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const browser = new TestBrowser(cognito)
    await browser.submit(`/login?${authorizeParams()}`, { username: 'alice', password: 'Passw0rd!' })
    expect(fragment(await browser.get(`/oauth2/authorize?${authorizeParams()}`)).get('access_token')).toBeTruthy()
    const out = await browser.get(
      `/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent('http://localhost:3333/')}`,
    )
    expect(out.headers.get('location')).toBe('http://localhost:3333/')
    expect(browser.cookies.has('cognito')).toBe(false)
    expect((await browser.get(`/oauth2/authorize?${authorizeParams()}`)).headers.get('location')).toMatch(/^\/login\?/)
  })

  it('never redirects to an unregistered logout_uri', async () => {
    const { app } = await testCognito()
    const response = await app.request(
      `/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent('https://evil.example/')}`,
    )
    expect(response.headers.get('location')).toBe(`/error?error=redirect_mismatch&client_id=${CLIENT_ID}`)
  })

  it('with redirect_uri instead, starts a new sign-in', async () => {
    const { app } = await testCognito()
    const response = await app.request(`/logout?${authorizeParams()}`)
    expect(response.headers.get('location')).toMatch(/^\/login\?.*redirect_uri=/)
    const bad = await app.request(`/logout?${authorizeParams({ redirect_uri: `${CALLBACK}x` })}`)
    expect(bad.headers.get('location')).toContain('/error?error=redirect_mismatch')
  })
})
