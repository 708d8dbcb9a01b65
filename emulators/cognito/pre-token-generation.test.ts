import { describe, expect, it } from 'vitest'
import { LOCAL_POOL } from '../../lib/local-pool.ts'
import {
  type AccessTokenChanges,
  customizeClaims,
  customizeScopes,
  InvalidTriggerOutput,
  NO_CUSTOMIZATION,
  preTokenEventParts,
  readAnswer,
} from './pre-token-generation.ts'

const CLIENT = LOCAL_POOL.clientId
const attributes = { sub: 's-1', email: 'a@example.com' }
const v2 = (details: unknown) => readAnswer('V2_0', { claimsAndScopeOverrideDetails: details })
const refusal = (read: () => unknown) => {
  try {
    read()
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTriggerOutput)
    return (error as Error).message
  }
  throw new Error('the answer was accepted')
}
const accessChanges = (changes: Partial<AccessTokenChanges>): AccessTokenChanges => ({
  claimsToAddOrOverride: {},
  claimsToSuppress: [],
  scopesToAdd: [],
  scopesToSuppress: [],
  ...changes,
})

describe('the Pre Token Generation event', () => {
  it('is V1 by default: groups as an empty object, a null claimsOverrideDetails, no scopes', () => {
    expect(preTokenEventParts('V1_0', attributes, ['openid'])).toEqual({
      version: '1',
      request: {
        userAttributes: attributes,
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      },
      response: { claimsOverrideDetails: null },
    })
  })

  it('is V2 with V2_0: version "2", the scopes, a null claimsAndScopeOverrideDetails', () => {
    const scopes = ['openid', 'email']
    const parts = preTokenEventParts('V2_0', attributes, scopes)
    expect(parts).toEqual({
      version: '2',
      request: {
        userAttributes: attributes,
        scopes: ['openid', 'email'],
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      },
      response: { claimsAndScopeOverrideDetails: null },
    })
    expect(Object.keys(parts.request)).toEqual(['userAttributes', 'scopes', 'groupConfiguration'])
    ;(parts.request as { scopes: string[] }).scopes.push('mutated by a handler')
    expect(scopes).toEqual(['openid', 'email'])
  })
})

describe('reading a V1_0 answer', () => {
  it('changes nothing when the event comes back as it went', () => {
    expect(readAnswer('V1_0', { claimsOverrideDetails: null })).toEqual(NO_CUSTOMIZATION)
    expect(readAnswer('V1_0', undefined)).toEqual(NO_CUSTOMIZATION)
  })

  it('takes string claims for the ID token only', () => {
    const answer = readAnswer('V1_0', {
      claimsOverrideDetails: { claimsToAddOrOverride: { tier: 'gold' }, claimsToSuppress: ['email'] },
    })
    expect(answer).toEqual({ idToken: { claimsToAddOrOverride: { tier: 'gold' }, claimsToSuppress: ['email'] } })
    expect(answer.accessToken).toBeUndefined()
  })

  it.each([
    [{ n: 1 }, 'claimsOverrideDetails.claimsToAddOrOverride.n: V1_0 answers take strings only, got the number 1'],
    [
      { b: true },
      'claimsOverrideDetails.claimsToAddOrOverride.b: V1_0 answers take strings only, got the boolean true',
    ],
    [{ o: {} }, 'claimsOverrideDetails.claimsToAddOrOverride.o: V1_0 answers take strings only, got an object'],
  ])('refuses %j: only strings are V1 values', (add, reason) => {
    expect(refusal(() => readAnswer('V1_0', { claimsOverrideDetails: { claimsToAddOrOverride: add } }))).toBe(reason)
  })

  it('reads only claimsOverrideDetails: a V2-shaped answer changes nothing', () => {
    expect(
      readAnswer('V1_0', {
        claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { x: 'y' } } },
      }),
    ).toEqual(NO_CUSTOMIZATION)
  })
})

describe('reading a V2_0 answer', () => {
  it('changes nothing, in either token, when the container is null', () => {
    expect(v2(null)).toEqual({
      idToken: { claimsToAddOrOverride: {}, claimsToSuppress: [] },
      accessToken: accessChanges({}),
    })
  })

  it('reads idTokenGeneration and accessTokenGeneration apart', () => {
    const answer = v2({
      idTokenGeneration: { claimsToAddOrOverride: { family_name: 'Doe' }, claimsToSuppress: ['email'] },
      accessTokenGeneration: {
        claimsToAddOrOverride: { level: 3 },
        claimsToSuppress: ['username'],
        scopesToAdd: ['api/read'],
        scopesToSuppress: ['profile'],
      },
    })
    expect(answer).toEqual({
      idToken: { claimsToAddOrOverride: { family_name: 'Doe' }, claimsToSuppress: ['email'] },
      accessToken: {
        claimsToAddOrOverride: { level: 3 },
        claimsToSuppress: ['username'],
        scopesToAdd: ['api/read'],
        scopesToSuppress: ['profile'],
      },
    })
  })

  it('takes strings, numbers, booleans, arrays of those and JSON objects, in both tokens', () => {
    const claims = {
      s: 'x',
      n: 9007199254740991,
      f: 1.5,
      b: false,
      mixed: ['test', 1, true],
      empty: [],
      json: { first: { key: 'value' }, list: ['a', { deep: null }] },
    }
    const answer = v2({
      idTokenGeneration: { claimsToAddOrOverride: claims },
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    })
    expect(answer.idToken.claimsToAddOrOverride).toEqual(claims)
    expect(answer.accessToken?.claimsToAddOrOverride).toEqual(claims)
  })

  it.each([
    [{ gone: null }, 'gone: V2_0 takes a string, number, boolean, an array of those, or a JSON object, got null'],
    [
      { list: [{ a: 1 }] },
      'list: V2_0 takes a string, number, boolean, an array of those, or a JSON object, got the array [{"a":1}]',
    ],
    [
      { nested: [['a']] },
      'nested: V2_0 takes a string, number, boolean, an array of those, or a JSON object, got the array [["a"]]',
    ],
    [
      { holes: ['a', null] },
      'holes: V2_0 takes a string, number, boolean, an array of those, or a JSON object, got the array ["a",null]',
    ],
  ])('refuses %j in either token', (add, reason) => {
    for (const token of ['idTokenGeneration', 'accessTokenGeneration']) {
      expect(refusal(() => v2({ [token]: { claimsToAddOrOverride: add } }))).toBe(
        `claimsAndScopeOverrideDetails.${token}.claimsToAddOrOverride.${reason}`,
      )
    }
  })

  it.each(['phone_number_verified', 'email_verified', 'updated_at', 'address'])(
    'refuses a complex %s in the ID token, and takes it in the access token',
    (claim) => {
      expect(refusal(() => v2({ idTokenGeneration: { claimsToAddOrOverride: { [claim]: { a: 1 } } } }))).toBe(
        `claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride.${claim}: the ID token's ${claim} takes a string, number or boolean, got an object`,
      )
      expect(refusal(() => v2({ idTokenGeneration: { claimsToAddOrOverride: { [claim]: ['a'] } } }))).toMatch(
        /got the array \["a"\]$/,
      )
      expect(v2({ idTokenGeneration: { claimsToAddOrOverride: { [claim]: 'true' } } }).idToken).toBeTruthy()
      expect(
        v2({ accessTokenGeneration: { claimsToAddOrOverride: { [claim]: { a: 1 } } } }).accessToken
          ?.claimsToAddOrOverride,
      ).toEqual({ [claim]: { a: 1 } })
    },
  )

  it('refuses scopes with blank space, as the docs forbid adding them', () => {
    expect(refusal(() => v2({ accessTokenGeneration: { scopesToAdd: ['ok', 'two words'] } }))).toBe(
      'claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToAdd: "two words" contains blank space',
    )
    expect(refusal(() => v2({ accessTokenGeneration: { scopesToAdd: ['tab\there'] } }))).toMatch(/blank space$/)
  })

  it.each([
    [
      { accessTokenGeneration: { scopesToAdd: 'api/read' } },
      'accessTokenGeneration.scopesToAdd',
      'the string "api/read"',
    ],
    [{ accessTokenGeneration: { scopesToSuppress: [1] } }, 'accessTokenGeneration.scopesToSuppress', 'the array [1]'],
    [{ idTokenGeneration: { claimsToSuppress: 'email' } }, 'idTokenGeneration.claimsToSuppress', 'the string "email"'],
  ])('refuses %j: lists must be arrays of strings', (details, path, got) => {
    expect(refusal(() => v2(details))).toBe(
      `claimsAndScopeOverrideDetails.${path}: expected an array of strings, got ${got}`,
    )
  })

  it.each([
    [['x'], 'claimsAndScopeOverrideDetails: expected an object, got the array ["x"]'],
    [
      { idTokenGeneration: 'x' },
      'claimsAndScopeOverrideDetails.idTokenGeneration: expected an object, got the string "x"',
    ],
    [
      { accessTokenGeneration: { claimsToAddOrOverride: ['x'] } },
      'claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride: expected an object, got the array ["x"]',
    ],
  ])('refuses %j: containers must be objects', (details, reason) => {
    expect(refusal(() => v2(details))).toBe(reason)
  })

  it('reads only claimsAndScopeOverrideDetails: a V1-shaped answer changes nothing', () => {
    const answer = readAnswer('V2_0', { claimsOverrideDetails: { claimsToAddOrOverride: { x: 'y' } } })
    expect(answer.idToken.claimsToAddOrOverride).toEqual({})
    expect(answer.accessToken?.claimsToAddOrOverride).toEqual({})
  })
})

describe('applying claim changes', () => {
  const id = { sub: 's-1', aud: CLIENT, token_use: 'id', email: 'a@example.com', email_verified: true }
  const access = { sub: 's-1', client_id: CLIENT, token_use: 'access', scope: 'openid', username: 'alice' }

  it('adds and overrides, keeping the claims it does not name', () => {
    const changes = { claimsToAddOrOverride: { email: 'b@example.com', tier: { level: 2 } }, claimsToSuppress: [] }
    expect(customizeClaims(id, changes, 'id', CLIENT)).toEqual({ ...id, email: 'b@example.com', tier: { level: 2 } })
  })

  it('suppresses, and a claim both added and suppressed is suppressed', () => {
    const changes = { claimsToAddOrOverride: { tier: 'gold' }, claimsToSuppress: ['tier', 'email_verified'] }
    const result = customizeClaims(id, changes, 'id', CLIENT)
    expect(result).not.toHaveProperty('tier')
    expect(result).not.toHaveProperty('email_verified')
    expect(result.email).toBe('a@example.com')
  })

  // The "Claims and scopes reference" rows whose Can add, Can modify and Can suppress are all "No".
  const cognitoOwned = [
    'acr',
    'amr',
    'at_hash',
    'aud',
    'auth_time',
    'azp',
    'client_id',
    'cognito:username',
    'cognito:user_status',
    'device_key',
    'event_id',
    'exp',
    'iat',
    'identities',
    'iss',
    'jti',
    'nbf',
    'nonce',
    'origin_jti',
    'sub',
    'token_use',
    'username',
    'version',
  ]
  it.each(cognitoOwned)('never adds, changes or suppresses %s, in either token', (claim) => {
    for (const [token, claims] of [
      ['id', { ...id, [claim]: 'original' }],
      ['access', { ...access, [claim]: 'original' }],
    ] as const) {
      const changed = customizeClaims(
        claims,
        { claimsToAddOrOverride: { [claim]: 'forged' }, claimsToSuppress: [] },
        token,
        CLIENT,
      )
      expect(changed[claim]).toBe('original')
      const suppressed = customizeClaims(
        claims,
        { claimsToAddOrOverride: {}, claimsToSuppress: [claim] },
        token,
        CLIENT,
      )
      expect(suppressed[claim]).toBe('original')
      const fresh = Object.fromEntries(Object.entries(claims).filter(([name]) => name !== claim))
      const added = customizeClaims(
        fresh,
        { claimsToAddOrOverride: { [claim]: 'forged' }, claimsToSuppress: [] },
        token,
        CLIENT,
      )
      expect(added).not.toHaveProperty(claim)
    }
  })

  it('lets dev: attributes be suppressed but never added', () => {
    const withDev = { ...id, 'dev:note': 'x' }
    expect(
      customizeClaims(withDev, { claimsToAddOrOverride: {}, claimsToSuppress: ['dev:note'] }, 'id', CLIENT),
    ).toEqual(id)
    expect(
      customizeClaims(id, { claimsToAddOrOverride: { 'dev:note': 'x' }, claimsToSuppress: [] }, 'id', CLIENT),
    ).toEqual(id)
  })

  it('lets cognito:groups be suppressed', () => {
    const grouped = { ...access, 'cognito:groups': ['admins'] }
    expect(
      customizeClaims(grouped, { claimsToAddOrOverride: {}, claimsToSuppress: ['cognito:groups'] }, 'access', CLIENT),
    ).toEqual(access)
  })

  it("changes the access token's scope only through the scope lists, the ID token's like any claim", () => {
    const attempt = { claimsToAddOrOverride: { scope: 'admin' }, claimsToSuppress: [] }
    expect(customizeClaims(access, attempt, 'access', CLIENT).scope).toBe('openid')
    expect(
      customizeClaims(access, { claimsToAddOrOverride: {}, claimsToSuppress: ['scope'] }, 'access', CLIENT).scope,
    ).toBe('openid')
    expect(customizeClaims(id, attempt, 'id', CLIENT).scope).toBe('admin')
  })

  it("adds aud to an access token only with the session's own client id", () => {
    const add = (value: string) => ({ claimsToAddOrOverride: { aud: value }, claimsToSuppress: [] })
    expect(customizeClaims(access, add(CLIENT), 'access', CLIENT).aud).toBe(CLIENT)
    expect(customizeClaims(access, add('another-client'), 'access', CLIENT)).not.toHaveProperty('aud')
    expect(customizeClaims(id, add('another-client'), 'id', CLIENT).aud).toBe(CLIENT)
  })

  it('keeps a claim named __proto__ a claim, and touches no prototype', () => {
    const changes = JSON.parse('{"claimsToAddOrOverride":{"__proto__":{"polluted":true}},"claimsToSuppress":[]}')
    const result = customizeClaims(access, changes, 'access', CLIENT)
    expect(Object.hasOwn(result, '__proto__')).toBe(true)
    expect(JSON.stringify(result)).toContain('"__proto__":{"polluted":true}')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('applying scope changes', () => {
  it('adds new scopes once, after the granted ones', () => {
    expect(
      customizeScopes(['openid', 'email'], accessChanges({ scopesToAdd: ['api/read', 'openid', 'api/read'] })),
    ).toEqual(['openid', 'email', 'api/read'])
  })

  it('suppresses granted and added scopes alike: suppression wins', () => {
    const changes = accessChanges({ scopesToAdd: ['api/read'], scopesToSuppress: ['email', 'api/read', 'phone'] })
    expect(customizeScopes(['openid', 'email', 'profile'], changes)).toEqual(['openid', 'profile'])
  })

  it('can suppress every scope', () => {
    expect(customizeScopes(['openid'], accessChanges({ scopesToSuppress: ['openid'] }))).toEqual([])
  })
})
