import { describe, expect, it } from 'vitest'
import { diagnose, suggestSecret } from './diagnostics.ts'

const NS = 'https://hasura.io/jwt/claims'
const now = Date.UTC(2026, 10, 27)
const base = {
  sub: 'sub-1',
  iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X',
  aud: 'client1',
  token_use: 'id',
  iat: now / 1000 - 10,
  exp: now / 1000 + 3600,
}
const claims = (c: Record<string, unknown>) =>
  JSON.stringify({
    'x-hasura-user-id': 'sub-1',
    'x-hasura-default-role': 'user',
    'x-hasura-allowed-roles': ['user'],
    ...c,
  })
const titles = (payload: Record<string, unknown>) =>
  diagnose(payload, now).diagnostics.map((d) => [d.level, d.title, d.hasura?.message])

describe('diagnose', () => {
  it("accepts the recipe's claims and infers stringified_json", () => {
    const report = diagnose({ ...base, [NS]: claims({}) }, now)
    expect(report.format).toBe('stringified_json')
    expect(report.claims).toEqual({
      'x-hasura-user-id': 'sub-1',
      'x-hasura-default-role': 'user',
      'x-hasura-allowed-roles': ['user'],
    })
    expect(report.diagnostics[0]).toMatchObject({ level: 'ok', title: 'Hasura will accept these claims' })
    expect(
      report.diagnostics.some((d) => d.hasura?.message === 'expecting a json object when claims_format is json'),
    ).toBe(true)
  })

  it('reads claims given as an object (V2/V3 triggers) as claims_format json', () => {
    const report = diagnose({ ...base, [NS]: JSON.parse(claims({})) }, now)
    expect(report.format).toBe('json')
    expect(
      report.diagnostics.some((d) => d.hasura?.message === 'expecting a string when claims_format is stringified_json'),
    ).toBe(true)
  })

  it.each([
    ['no namespace', { ...base }, `claims key: '${NS}' not found`],
    [
      'invalid stringified JSON',
      { ...base, [NS]: '{oops' },
      `expecting stringified json at: 'claims_namespace ${NS}', but found: {oops`,
    ],
    [
      'no allowed roles',
      { ...base, [NS]: JSON.stringify({ 'x-hasura-default-role': 'user' }) },
      'JWT claim does not contain x-hasura-allowed-roles',
    ],
    [
      'allowed roles not a list',
      { ...base, [NS]: claims({ 'x-hasura-allowed-roles': 'user' }) },
      'invalid x-hasura-allowed-roles; should be a list of roles: parsing [] failed, expected Array, but encountered String',
    ],
    [
      'no default role',
      { ...base, [NS]: JSON.stringify({ 'x-hasura-allowed-roles': ['user'] }) },
      'JWT claim does not contain x-hasura-default-role',
    ],
    [
      'a default role not allowed',
      { ...base, [NS]: claims({ 'x-hasura-default-role': 'admin' }) },
      'Your requested role is not in allowed roles',
    ],
    [
      'a non-string session variable',
      { ...base, [NS]: claims({ 'x-hasura-user-id': 7 }) },
      'x-hasura-* claims: parsing Text failed, expected String, but encountered Number',
    ],
    ['an expired token', { ...base, exp: now / 1000 - 5, [NS]: claims({}) }, 'Could not verify JWT: JWTExpired'],
    [
      'a token issued in the future',
      { ...base, iat: now / 1000 + 30, [NS]: claims({}) },
      'Could not verify JWT: JWTIssuedAtFuture',
    ],
  ])("predicts Hasura's words for %s", (_, payload, message) => {
    expect(titles(payload).some(([level, , hasura]) => level === 'error' && hasura === message)).toBe(true)
  })

  it('warns when x-hasura-user-id is not sub', () => {
    expect(titles({ ...base, [NS]: claims({ 'x-hasura-user-id': 'other' }) })).toContainEqual([
      'warning',
      'x-hasura-user-id ≠ sub',
      undefined,
    ])
  })

  it('recognises an access token used where the ID token carries the claims', () => {
    const [first] = diagnose({ ...base, token_use: 'access', client_id: 'client1' }, now).diagnostics
    expect(first?.detail).toMatch(/This is an access token.*send the ID token/)
  })

  it('with VITE_HASURA_TOKEN=access, says why Hasura refuses an access token of a V1 pool and what to change', () => {
    const access = { ...base, aud: undefined, token_use: 'access', client_id: 'client1' }
    const report = diagnose(access, now, 'access')
    expect(report.diagnostics).toEqual([
      {
        level: 'error',
        title: 'No Hasura claims in the access token',
        detail: expect.stringMatching(/V1_0.*ID token only.*Essentials or Plus.*V2_0.*accessTokenGeneration/),
        hasura: { message: `claims key: '${NS}' not found`, code: 'jwt-invalid-claims' },
      },
    ])
    // The secret for access tokens: an issuer, no audience.
    expect(report.suggestedSecret).toEqual({
      type: 'RS256',
      jwk_url: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X/.well-known/jwks.json',
      claims_format: 'stringified_json',
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X',
    })
  })

  it('with VITE_HASURA_TOKEN=access, accepts a V2 access token with claims and suggests a secret without audience', () => {
    const report = diagnose({ ...base, aud: undefined, token_use: 'access', [NS]: claims({}) }, now, 'access')
    expect(report.diagnostics[0]).toMatchObject({ level: 'ok', title: 'Hasura will accept these claims' })
    expect(report.suggestedSecret).not.toHaveProperty('audience')
  })

  it('diagnoses an ID token sent where the access token belongs, and vice versa', () => {
    expect(titles({ ...base, [NS]: claims({}) }).map(([, title]) => title)).not.toContain(
      'ID token where the access token belongs',
    )
    expect(diagnose({ ...base, [NS]: claims({}) }, now, 'access').diagnostics).toContainEqual(
      expect.objectContaining({ level: 'warning', title: 'ID token where the access token belongs' }),
    )
    const access = { ...base, aud: undefined, token_use: 'access', [NS]: claims({}) }
    // Hasura checks aud only when the token has one: the audience of the ID-token secret lets it through.
    const report = diagnose(access, now, 'id')
    expect(report.diagnostics).toContainEqual({
      level: 'warning',
      title: 'Access token where the ID token belongs',
      detail: expect.stringContaining("Hasura's audience check passes a token without aud"),
    })
    expect(report.diagnostics.some((d) => d.level === 'error')).toBe(false)
  })

  it('points at a mistyped namespace', () => {
    const [first] = diagnose({ ...base, 'https://hasura.io/jwt/claim': claims({}) }, now).diagnostics
    expect(first?.detail).toContain('"https://hasura.io/jwt/claim"')
  })

  it('suggests the HASURA_GRAPHQL_JWT_SECRET that accepts the token', () => {
    expect(suggestSecret({ ...base }, 'stringified_json')).toEqual({
      type: 'RS256',
      jwk_url: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X/.well-known/jwks.json',
      claims_format: 'stringified_json',
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X',
      audience: 'client1',
    })
    expect(suggestSecret({ ...base, token_use: 'access' }, 'json')).not.toHaveProperty('audience')
  })
})
