import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { readSettings, type Settings } from '../settings.ts'
import { hostedUiUrl, logoutUrl } from './hosted-ui.ts'

const settings = (extra = {}) => (readSettings(extra, 'http://localhost:3333') as { settings: Settings }).settings
const pending = { state: 'S'.repeat(43), nonce: 'N'.repeat(43), codeVerifier: 'v'.repeat(64), createdAt: 0 }

describe('hosted-UI URLs', () => {
  it('builds /login and /signup with the implicit grant parameters, redirect_uri byte for byte', async () => {
    const url = new URL(await hostedUiUrl(settings(), 'login', pending))
    expect(url.origin + url.pathname).toBe('http://localhost:9229/login')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'token',
      client_id: 'localdemoclient00000000000',
      redirect_uri: 'http://localhost:3333/cognito-callback',
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
    })
    expect(new URL(await hostedUiUrl(settings(), 'signup', pending)).pathname).toBe('/signup')
  })

  it('adds an S256 challenge of the verifier for the code flow', async () => {
    const url = new URL(await hostedUiUrl(settings({ VITE_OAUTH_RESPONSE_TYPE: 'code' }), 'login', pending))
    expect(url.searchParams.get('response_type')).toBe('code')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('code_challenge')).toBe(
      createHash('sha256').update(pending.codeVerifier).digest('base64url'),
    )
    await expect(
      hostedUiUrl(settings({ VITE_OAUTH_RESPONSE_TYPE: 'code' }), 'login', { ...pending, codeVerifier: undefined }),
    ).rejects.toThrow()
  })

  it('builds /logout with client_id and logout_uri', () => {
    expect(logoutUrl(settings())).toBe(
      'http://localhost:9229/logout?client_id=localdemoclient00000000000&logout_uri=http%3A%2F%2Flocalhost%3A3333%2F',
    )
  })
})
