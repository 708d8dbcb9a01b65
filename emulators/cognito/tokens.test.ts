import { createHash } from 'node:crypto'
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { handler as preTokenGeneration } from '../../cognito/triggers/pre-token-generation.ts'
import { addUser, authorizeParams, fragment, TestBrowser, testCognito } from './testing.ts'
import { atHash } from './tokens.ts'

describe('tokens', () => {
  it('computes at_hash as OIDC Core §3.2.2.9 says', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.example.signature'
    const left = createHash('sha256').update(token).digest().subarray(0, 16)
    expect(atHash(token)).toBe(left.toString('base64url'))
  })

  it("mints Cognito-shaped implicit tokens with the project trigger's Hasura claims", async () => {
    const cognito = await testCognito({}, { handlers: { 'pre-token-generation': preTokenGeneration } })
    const { sub } = await addUser(cognito)
    const params = fragment(
      await new TestBrowser(cognito).submit(`/login?${authorizeParams()}`, {
        username: 'alice',
        password: 'Passw0rd!',
      }),
    )
    const idToken = params.get('id_token') ?? ''
    const accessToken = params.get('access_token') ?? ''
    expect(decodeProtectedHeader(idToken)).toEqual({ kid: cognito.deps.keys.id.kid, alg: 'RS256' })
    expect(decodeProtectedHeader(accessToken).kid).toBe(cognito.deps.keys.access.kid)
    const jwks = createLocalJWKSet(cognito.deps.keys.jwks)
    const { payload: id } = await jwtVerify(idToken, jwks, { currentDate: cognito.clock.now() })
    expect(id).toMatchObject({
      at_hash: atHash(accessToken),
      sub,
      aud: cognito.config.clientId,
      iss: 'http://localhost:9229/us-east-1_LocalPool',
      token_use: 'id',
      email: 'alice@example.com',
      email_verified: true,
    })
    expect(id.exp).toBe((id.iat as number) + 3600)
    expect(id).not.toHaveProperty('origin_jti') // implicit: nothing anchors it
    expect(JSON.parse(id['https://hasura.io/jwt/claims'] as string)).toEqual({
      'x-hasura-user-id': sub,
      'x-hasura-default-role': 'user',
      'x-hasura-allowed-roles': ['user'],
    })
    const access = decodeJwt(accessToken)
    expect(access).toMatchObject({
      token_use: 'access',
      client_id: cognito.config.clientId,
      version: 2,
      scope: 'openid email profile',
    })
    expect(access).not.toHaveProperty('aud')
    expect(access).not.toHaveProperty('https://hasura.io/jwt/claims') // V1 changes the ID token only
    const [event] = cognito.deps.triggers.events()
    expect(event).toMatchObject({
      triggerSource: 'TokenGeneration_HostedAuth',
      event: { version: '1', userName: 'alice' },
    })
  })

  it('ignores attempts to add, change or suppress protected claims, and applies the rest', async () => {
    const cognito = await testCognito(
      {},
      {
        handlers: {
          'pre-token-generation': async (event: { response: unknown }) => {
            event.response = {
              claimsOverrideDetails: {
                claimsToAddOrOverride: {
                  sub: 'forged',
                  'cognito:username': 'root',
                  custom_claim: 'yes',
                  email: 'changed@example.com',
                },
                claimsToSuppress: ['email_verified', 'aud', 'token_use'],
              },
            }
            return event
          },
        },
      },
    )
    const { sub } = await addUser(cognito)
    const params = fragment(
      await new TestBrowser(cognito).submit(`/login?${authorizeParams()}`, {
        username: 'alice',
        password: 'Passw0rd!',
      }),
    )
    const id = decodeJwt(params.get('id_token') ?? '')
    expect(id).toMatchObject({
      sub,
      'cognito:username': 'alice',
      custom_claim: 'yes',
      email: 'changed@example.com',
      token_use: 'id',
    })
    expect(id.aud).toBe(cognito.config.clientId)
    expect(id).not.toHaveProperty('email_verified')
  })

  it('refuses a V1 response with a non-string claim, as Cognito does', async () => {
    const cognito = await testCognito(
      {},
      {
        handlers: {
          'pre-token-generation': async (event: { response: unknown }) => {
            event.response = { claimsOverrideDetails: { claimsToAddOrOverride: { n: 1 } } }
            return event
          },
        },
      },
    )
    await addUser(cognito)
    const response = await new TestBrowser(cognito).submit(`/login?${authorizeParams()}`, {
      username: 'alice',
      password: 'Passw0rd!',
    })
    expect(await response.text()).toContain('Invalid lambda function output : Invalid JSON')
  })

  it('keeps its keys across restarts of the same data dir', async () => {
    const { mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const dataDir = mkdtempSync(`${tmpdir()}/cognito-keys-`)
    const first = await testCognito({ dataDir })
    const second = await testCognito({ dataDir })
    expect(second.deps.keys.jwks).toEqual(first.deps.keys.jwks)
  })
})
