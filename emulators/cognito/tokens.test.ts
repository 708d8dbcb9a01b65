import { createHash } from 'node:crypto'
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { handler as preTokenGeneration } from '../../cognito/triggers/pre-token-generation.ts'
import {
  addUser,
  authorizeParams,
  CLIENT_ID,
  codeFor,
  errorText,
  exchangeCode,
  fragment,
  post,
  TestBrowser,
  type TestCognito,
  testCognito,
} from './testing.ts'
import { atHash } from './tokens.ts'

/** A Pre Token Generation handler that answers `response` to every event. */
const answering = (response: unknown) => ({
  'pre-token-generation': async (event: { response: unknown }) => {
    event.response = response
    return event
  },
})

/** Signs alice in through the hosted UI (implicit grant) and returns both tokens' claims. */
async function signInTokens(cognito: TestCognito, extra: Record<string, string> = {}) {
  const response = await new TestBrowser(cognito).submit(`/login?${authorizeParams(extra)}`, {
    username: 'alice',
    password: 'Passw0rd!',
  })
  const params = fragment(response)
  const idToken = params.get('id_token')
  return { response, access: decodeJwt(params.get('access_token') ?? ''), id: idToken ? decodeJwt(idToken) : undefined }
}

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
        handlers: answering({
          claimsOverrideDetails: {
            claimsToAddOrOverride: {
              sub: 'forged',
              'cognito:username': 'root',
              custom_claim: 'yes',
              email: 'changed@example.com',
            },
            claimsToSuppress: ['email_verified', 'aud', 'token_use'],
          },
        }),
      },
    )
    const { sub } = await addUser(cognito)
    const { id } = await signInTokens(cognito)
    expect(id).toMatchObject({
      sub,
      'cognito:username': 'alice',
      custom_claim: 'yes',
      email: 'changed@example.com',
      token_use: 'id',
    })
    expect(id?.aud).toBe(cognito.config.clientId)
    expect(id).not.toHaveProperty('email_verified')
  })

  it('refuses a V1 response with a non-string claim, as Cognito does', async () => {
    const cognito = await testCognito(
      {},
      { handlers: answering({ claimsOverrideDetails: { claimsToAddOrOverride: { n: 1 } } }) },
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

describe('tokens with Pre Token Generation V2_0', () => {
  const v2 = { preTokenGenerationVersion: 'V2_0' } as const
  const hasuraClaims = (sub: string) => ({
    'x-hasura-user-id': sub,
    'x-hasura-default-role': 'user',
    'x-hasura-allowed-roles': ['user'],
  })

  it("sends Cognito's V2 event and puts the project trigger's Hasura claims in the ID and the access token", async () => {
    const cognito = await testCognito(v2, { handlers: { 'pre-token-generation': preTokenGeneration } })
    const { sub } = await addUser(cognito)
    const { access, id } = await signInTokens(cognito)
    expect(JSON.parse(access['https://hasura.io/jwt/claims'] as string)).toEqual(hasuraClaims(sub))
    expect(JSON.parse(id?.['https://hasura.io/jwt/claims'] as string)).toEqual(hasuraClaims(sub))
    expect(access).toMatchObject({ token_use: 'access', client_id: CLIENT_ID, scope: 'openid email profile' })
    expect(access).not.toHaveProperty('aud')
    const [record] = cognito.deps.triggers.events()
    expect(record).toMatchObject({ trigger: 'pre-token-generation', triggerSource: 'TokenGeneration_HostedAuth' })
    expect(record?.event).toEqual({
      version: '2',
      region: 'us-east-1',
      userPoolId: 'us-east-1_LocalPool',
      userName: 'alice',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: CLIENT_ID },
      triggerSource: 'TokenGeneration_HostedAuth',
      request: {
        userAttributes: { sub, email_verified: 'true', 'cognito:user_status': 'CONFIRMED', email: 'alice@example.com' },
        scopes: ['openid', 'email', 'profile'],
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      },
      response: { claimsAndScopeOverrideDetails: null },
    })
  })

  it('applies each section to its own token: JSON values, suppressions, scopes, protected claims ignored', async () => {
    const cognito = await testCognito(v2, {
      handlers: answering({
        claimsAndScopeOverrideDetails: {
          idTokenGeneration: {
            claimsToAddOrOverride: { family_name: 'Doe', sub: 'forged', 'cognito:username': 'root' },
            claimsToSuppress: ['email', 'token_use'],
          },
          accessTokenGeneration: {
            claimsToAddOrOverride: {
              level: 3,
              beta: true,
              roles: ['reader', 1, false],
              tenant: { id: 't-1', regions: ['eu'] },
              aud: CLIENT_ID,
              client_id: 'forged',
              username: 'root',
              scope: 'admin',
            },
            claimsToSuppress: ['auth_time', 'exp'],
            scopesToAdd: ['api/read', 'openid'],
            scopesToSuppress: ['profile'],
          },
        },
      }),
    })
    const { sub } = await addUser(cognito)
    const { access, id } = await signInTokens(cognito)
    expect(id).toMatchObject({ family_name: 'Doe', sub, 'cognito:username': 'alice', token_use: 'id' })
    expect(id).not.toHaveProperty('email')
    expect(id).not.toHaveProperty('level') // the access token's claims stay in the access token
    expect(access).toMatchObject({
      level: 3,
      beta: true,
      roles: ['reader', 1, false],
      tenant: { id: 't-1', regions: ['eu'] },
      aud: CLIENT_ID,
      client_id: CLIENT_ID,
      username: 'alice',
      scope: 'openid email api/read',
    })
    expect(typeof access.auth_time).toBe('number')
    expect(typeof access.exp).toBe('number')
    expect(access).not.toHaveProperty('family_name')
  })

  it('issues no scope claim when every scope is suppressed, and userInfo then refuses the token', async () => {
    const cognito = await testCognito(v2, {
      handlers: answering({
        claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToSuppress: ['openid', 'email', 'profile'] } },
      }),
    })
    await addUser(cognito)
    const { response, access, id } = await signInTokens(cognito)
    expect(access).not.toHaveProperty('scope')
    expect(id?.token_use).toBe('id') // openid was asked for: the ID token is still issued
    const userInfo = await cognito.app.request('/oauth2/userInfo', {
      headers: { authorization: `Bearer ${fragment(response).get('access_token')}` },
    })
    expect(userInfo.status).toBe(401)
  })

  it('applies the answer given at sign-in when a code is exchanged, and asks again on refresh', async () => {
    let level = 0
    const cognito = await testCognito(v2, {
      handlers: {
        'pre-token-generation': async (event: { response: unknown }) => {
          level += 1
          event.response = {
            claimsAndScopeOverrideDetails: {
              accessTokenGeneration: { claimsToAddOrOverride: { level }, scopesToAdd: ['api/read'] },
            },
          }
          return event
        },
      },
    })
    await addUser(cognito)
    const tokens = await (await exchangeCode(cognito, { code: await codeFor(cognito) })).json()
    expect(decodeJwt(tokens.access_token)).toMatchObject({ level: 1, scope: 'openid email profile api/read' })
    const refreshed = await post(cognito, '/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: tokens.refresh_token,
    })
    expect(decodeJwt((await refreshed.json()).access_token)).toMatchObject({
      level: 2,
      scope: 'openid email profile api/read',
    })
    const refresh = cognito.deps.triggers.events().at(-1)
    expect(refresh).toMatchObject({
      triggerSource: 'TokenGeneration_RefreshTokens',
      event: { version: '2', request: { scopes: ['openid', 'email', 'profile'] } },
    })
  })

  it.each([
    ['a null claim value', { idTokenGeneration: { claimsToAddOrOverride: { gone: null } } }, /got null$/],
    [
      'an email_verified object',
      { idTokenGeneration: { claimsToAddOrOverride: { email_verified: {} } } },
      /email_verified/,
    ],
    ['a scope with a space', { accessTokenGeneration: { scopesToAdd: ['two words'] } }, /contains blank space$/],
    ['a string for a list', { accessTokenGeneration: { claimsToSuppress: 'email' } }, /expected an array of strings/],
  ])(
    'refuses %s as Cognito does: its text on the page, the reason in the event log, no tokens',
    async (_, details, reason) => {
      const cognito = await testCognito(v2, { handlers: answering({ claimsAndScopeOverrideDetails: details }) })
      await addUser(cognito)
      const browser = new TestBrowser(cognito)
      const response = await browser.submit(`/login?${authorizeParams()}`, { username: 'alice', password: 'Passw0rd!' })
      expect(response.status).toBe(200)
      expect(errorText(await response.text())).toBe('Invalid lambda function output : Invalid JSON')
      expect(browser.cookies.has('cognito')).toBe(false)
      const record = cognito.deps.triggers.events().at(-1)
      expect(record?.error).toBe('Invalid lambda function output : Invalid JSON')
      expect(record?.detail).toMatch(reason)
      expect(cognito.lines.some((line) => line.includes('answered what Cognito refuses'))).toBe(true)
    },
  )

  it('refuses, on refresh, with invalid_request and the same text', async () => {
    let valid = true
    const cognito = await testCognito(v2, {
      handlers: {
        'pre-token-generation': async (event: { response: unknown }) => {
          event.response = valid ? {} : { claimsAndScopeOverrideDetails: { idTokenGeneration: 'x' } }
          return event
        },
      },
    })
    await addUser(cognito)
    const tokens = await (await exchangeCode(cognito, { code: await codeFor(cognito) })).json()
    valid = false
    const refreshed = await post(cognito, '/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: tokens.refresh_token,
    })
    expect(refreshed.status).toBe(400)
    expect(await refreshed.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Invalid lambda function output : Invalid JSON',
    })
  })

  it('refuses an answer that JSON cannot carry, as Lambda never delivers it', async () => {
    const cognito = await testCognito(v2, {
      handlers: answering({
        claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { n: 1n } } },
      }),
    })
    await addUser(cognito)
    const response = await new TestBrowser(cognito).submit(`/login?${authorizeParams()}`, {
      username: 'alice',
      password: 'Passw0rd!',
    })
    expect(errorText(await response.text())).toBe('Invalid lambda function output : Invalid JSON')
    expect(cognito.deps.triggers.events().at(-1)?.detail).toMatch(/^the answer is not JSON: /)
  })

  it("drops undefined values as Lambda's JSON does, instead of refusing them", async () => {
    const cognito = await testCognito(v2, {
      handlers: answering({
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: { claimsToAddOrOverride: { kept: 'x', dropped: undefined } },
        },
      }),
    })
    await addUser(cognito)
    const { access } = await signInTokens(cognito)
    expect(access.kept).toBe('x')
    expect(access).not.toHaveProperty('dropped')
  })
})
