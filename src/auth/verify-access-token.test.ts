import { beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_ID, ISSUER, localPool } from '../testing/tokens.ts'
import { verifyAccessToken } from './verify-access-token.ts'

let pool: Awaited<ReturnType<typeof localPool>>
beforeAll(async () => {
  pool = await localPool()
})
const expectations = () => ({ issuer: ISSUER, clientId: CLIENT_ID, keys: pool.keys })

describe('verifyAccessToken', () => {
  it('verifies a genuine access token: signature, iss, client_id, token_use, exp, iat', async () => {
    const { accessToken } = await pool.tokens()
    const result = await verifyAccessToken(accessToken, expectations())
    expect(result.verdict).toBe('verified')
    expect(result.checks.map((c) => [c.id, c.ok])).toEqual([
      ['alg', true],
      ['signature', true],
      ['iss', true],
      ['client_id', true],
      ['token_use', true],
      ['exp', true],
      ['iat', true],
    ])
  })

  it.each([
    ['another issuer', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }, 'iss'],
    ['another app client', { client_id: 'someoneelse' }, 'client_id: is "someoneelse", expected the app client id'],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 1 }, 'exp: expired'],
  ])('rejects %s', async (_, access, reason) => {
    const { accessToken } = await pool.tokens({}, Date.now(), access)
    expect((await verifyAccessToken(accessToken, expectations())).reason).toMatch(new RegExp(`^${reason}`))
  })

  it('diagnoses an ID token given where the access token belongs', async () => {
    const { idToken } = await pool.tokens()
    const result = await verifyAccessToken(idToken, expectations())
    expect(result.reason).toBe('client_id: missing, expected the app client id localdemoclient00000000000')
    expect(result.checks.find((c) => c.id === 'token_use')?.detail).toBe(
      'is "id", an ID token where the access token belongs (VITE_HASURA_TOKEN=access)',
    )
  })

  it('rejects an access token altered under its signature', async () => {
    const { accessToken } = await pool.tokens()
    const [header, , signature] = accessToken.split('.')
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'someone-else', token_use: 'access' })).toString('base64url')}.${signature}`
    expect((await verifyAccessToken(forged, expectations())).reason).toBe(
      'signature: the signature does not match the signing key: the token was altered',
    )
  })
})
