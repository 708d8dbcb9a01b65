import { createHash } from 'node:crypto'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { addUser, CALLBACK, CLIENT_ID, codeFor, exchangeCode, post, type TestCognito, testCognito } from '../testing.ts'

const VERIFIER = `${'v'.repeat(20)}erifier-0123456789-abcdefghijklmnop`
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url')

/** A PKCE code, delivered in the query, never the fragment. */
async function pkceCode(cognito: TestCognito, extra: Record<string, string> = {}) {
  const code = await codeFor(cognito, { code_challenge: CHALLENGE, code_challenge_method: 'S256', ...extra })
  expect(code).not.toBe('')
  return code
}

describe('POST /oauth2/token', () => {
  it('exchanges a code with its PKCE verifier for ID, access and refresh tokens', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const code = await pkceCode(cognito)
    expect(code).toMatch(/^[0-9a-f-]{36}$/)
    const response = await exchangeCode(cognito, { code, code_verifier: VERIFIER })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('cache-control')).toContain('no-store')
    const body = await response.json()
    expect(Object.keys(body)).toEqual(['id_token', 'access_token', 'refresh_token', 'expires_in', 'token_type'])
    const id = decodeJwt(body.id_token)
    const access = decodeJwt(body.access_token)
    expect(id.origin_jti).toBe(access.origin_jti)
    expect(id.event_id).toBe(access.event_id)
    expect(id.nonce).toBe('nonce-456')
  })

  it.each([
    ['a reused code', 'reuse', 'invalid_grant'],
    ['an expired code (5 minutes)', 'expire', 'invalid_grant'],
    ['a wrong verifier', 'verifier', 'invalid_grant'],
    ['no verifier for a PKCE code', 'no-verifier', 'invalid_grant'],
    ['another redirect_uri', 'redirect', 'unauthorized_client'],
    ['an unknown client', 'client', 'invalid_client'],
  ])('refuses %s', async (_, kind, error) => {
    const cognito = await testCognito()
    await addUser(cognito)
    const code = await pkceCode(cognito)
    const fields: Record<string, string> = { code, code_verifier: VERIFIER }
    if (kind === 'reuse') expect((await exchangeCode(cognito, fields)).status).toBe(200)
    if (kind === 'expire') cognito.clock.advanceBy(300_001)
    if (kind === 'verifier') fields.code_verifier = 'w'.repeat(43)
    if (kind === 'no-verifier') delete fields.code_verifier
    if (kind === 'redirect') fields.redirect_uri = `${CALLBACK}/`
    if (kind === 'client') fields.client_id = 'someoneelse'
    const response = await exchangeCode(cognito, fields)
    expect(response.status).toBe(kind === 'client' ? 401 : 400)
    expect((await response.json()).error).toBe(error)
  })

  it('spends a code on a failed attempt too (no guessing the verifier)', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const code = await pkceCode(cognito)
    await exchangeCode(cognito, { code, code_verifier: 'w'.repeat(43) })
    expect((await (await exchangeCode(cognito, { code, code_verifier: VERIFIER })).json()).error).toBe('invalid_grant')
  })

  it('answers garbage with invalid_request / unsupported_grant_type', async () => {
    const cognito = await testCognito()
    expect((await (await exchangeCode(cognito, {}, 'application/json')).json()).error).toBe('invalid_request')
    const unsupported = await exchangeCode(cognito, { grant_type: 'password' })
    expect((await unsupported.json()).error).toBe('unsupported_grant_type')
    const noGrant = await post(cognito, '/oauth2/token', '%%%')
    expect((await noGrant.json()).error).toBe('invalid_request')
  })

  it('refreshes with the same origin_jti and no new refresh token; revocation stops it', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const first = await (await exchangeCode(cognito, { code: await pkceCode(cognito), code_verifier: VERIFIER })).json()
    const refresh = (token: string) =>
      post(cognito, '/oauth2/token', { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: token })
    const refreshed = await (await refresh(first.refresh_token)).json()
    expect(refreshed.refresh_token).toBeUndefined()
    expect(decodeJwt(refreshed.id_token).origin_jti).toBe(decodeJwt(first.id_token).origin_jti)
    expect(decodeJwt(refreshed.id_token).auth_time).toBe(decodeJwt(first.id_token).auth_time)

    const userInfo = (token: string) =>
      cognito.app.request('/oauth2/userInfo', { headers: { authorization: `Bearer ${token}` } })
    const info = await userInfo(refreshed.access_token)
    expect(await info.json()).toMatchObject({ username: 'alice', email_verified: 'true', email: 'alice@example.com' })

    const revoke = (token: string) => post(cognito, '/oauth2/revoke', { token, client_id: CLIENT_ID })
    expect((await revoke(first.access_token)).status).toBe(400) // unsupported_token_type: only refresh tokens
    expect((await revoke(first.refresh_token)).status).toBe(200)
    expect((await revoke('never-issued')).status).toBe(200)
    expect((await (await refresh(first.refresh_token)).json()).error).toBe('invalid_grant')
    const denied = await userInfo(refreshed.access_token)
    expect(denied.status).toBe(401)
    expect(denied.headers.get('www-authenticate')).toContain('error="invalid_token"')
  })
})
