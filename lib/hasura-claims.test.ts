import { describe, expect, it } from 'vitest'
import { extractHasuraClaims, hasuraClaimsOf, parseJsonPath, selectRole } from './hasura-claims.ts'

const roles = {
  'X-Hasura-Allowed-Roles': ['user', 'editor'],
  'X-Hasura-Default-Role': 'user',
  'X-Hasura-User-Id': '42',
  other: 'dropped',
}

describe('extractHasuraClaims', () => {
  it('folds x-hasura-* names to lower case and keeps only them', () => {
    const result = extractHasuraClaims({ 'https://hasura.io/jwt/claims': roles }, { claimsFormat: 'json' })
    expect(result).toMatchObject({
      ok: true,
      claims: { allowedRoles: ['user', 'editor'], defaultRole: 'user', sessionVariables: { 'x-hasura-user-id': '42' } },
    })
  })

  it.each([
    ['$', { ...roles }],
    ['$.hasura.claims', { hasura: { claims: roles } }],
    ["$['https://x.example/claims']", { 'https://x.example/claims': roles }],
    ["$.app['claims%']", { app: { 'claims%': roles } }],
  ])('finds the claims at claims_namespace_path %s', (path, payload) => {
    expect(extractHasuraClaims(payload, { claimsNamespacePath: path, claimsFormat: 'json' }).ok).toBe(true)
  })

  it('says where it looked when the path finds nothing', () => {
    expect(extractHasuraClaims({}, { claimsNamespacePath: '$.hasura', claimsFormat: 'json' })).toEqual({
      ok: false,
      code: 'jwt-invalid-claims',
      message: "claims not found at claims_namespace_path: '$.hasura'",
    })
  })

  it('refuses a non-object with claims_format json', () => {
    expect(extractHasuraClaims({ 'https://hasura.io/jwt/claims': '{}' }, { claimsFormat: 'json' })).toMatchObject({
      message: 'expecting a json object when claims_format is json',
    })
  })
})

describe('parseJsonPath', () => {
  it('parses Hasura JSONPaths and names what is wrong', () => {
    expect(parseJsonPath('$.a.b')).toEqual(['a', 'b'])
    expect(() => parseJsonPath('a.b')).toThrow("does not start with '$'")
    expect(() => parseJsonPath("$['open")).toThrow('unterminated "[\'"')
  })
})

describe('selectRole and hasuraClaimsOf', () => {
  it('takes the requested role only when allowed, else the default', () => {
    const claims = hasuraClaimsOf({ 'https://hasura.io/jwt/claims': JSON.stringify(roles) })
    expect(claims?.allowedRoles).toEqual(['user', 'editor'])
    if (!claims) return
    expect(selectRole(claims, 'editor')).toBe('editor')
    expect(selectRole(claims, undefined)).toBe('user')
    expect(selectRole(claims, '')).toBe('user')
    expect(selectRole(claims, 'admin')).toBeUndefined()
    expect(hasuraClaimsOf({})).toBeUndefined()
  })
})
