import type { PreTokenGenerationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { extractHasuraClaims } from '../../lib/hasura-claims.ts'
import { HASURA_CLAIMS_NAMESPACE, handler } from './pre-token-generation.ts'
import { invoke } from './shared/testing.ts'

const common = {
  triggerSource: 'TokenGeneration_HostedAuth',
  region: 'us-east-1',
  userPoolId: 'us-east-1_LocalPool',
  userName: 'alice',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'c' },
} as const

/** Real V1 events carry `claimsOverrideDetails: null`; V2 events `claimsAndScopeOverrideDetails: null` (§9.3, §9.4). */
const v1 = (sub?: string) =>
  ({
    ...common,
    version: '1',
    request: {
      userAttributes: sub ? { sub } : {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
    },
    response: { claimsOverrideDetails: null },
  }) as unknown as PreTokenGenerationTriggerEvent

const v2 = (sub: string, version = '2') =>
  ({
    ...common,
    version,
    request: {
      userAttributes: { sub },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
      scopes: ['openid', 'email', 'profile'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  }) as unknown as PreTokenGenerationV2TriggerEvent

/** What Hasura (claims_format: stringified_json) makes of the claims a token would carry. */
const hasuraReads = (claims: Record<string, unknown> | undefined) =>
  extractHasuraClaims(claims ?? {}, { claimsFormat: 'stringified_json' })

const forSub = (sub: string) => ({
  ok: true,
  claims: { allowedRoles: ['user'], defaultRole: 'user', sessionVariables: { 'x-hasura-user-id': sub } },
})

describe('pre-token-generation (custom-jwt-claims)', () => {
  it('V1: adds stringified Hasura claims to the ID token (V1 allows strings only)', async () => {
    const result = (await invoke(handler, v1('sub-1'))) as PreTokenGenerationTriggerEvent
    expect(Object.keys(result.response)).toEqual(['claimsOverrideDetails'])
    const added = result.response.claimsOverrideDetails?.claimsToAddOrOverride
    expect(Object.keys(added ?? {})).toEqual([HASURA_CLAIMS_NAMESPACE])
    expect(typeof added?.[HASURA_CLAIMS_NAMESPACE]).toBe('string')
    expect(hasuraReads(added)).toMatchObject(forSub('sub-1'))
  })

  it('V2: the same stringified claims in the ID token and in the access token, and nothing else', async () => {
    const result = (await invoke(handler, v2('sub-2'))) as PreTokenGenerationV2TriggerEvent
    expect(Object.keys(result.response)).toEqual(['claimsAndScopeOverrideDetails'])
    const details = result.response.claimsAndScopeOverrideDetails
    expect(Object.keys(details).sort()).toEqual(['accessTokenGeneration', 'idTokenGeneration'])
    expect(details.idTokenGeneration).toEqual({ claimsToAddOrOverride: expect.any(Object) })
    expect(details.accessTokenGeneration).toEqual({
      claimsToAddOrOverride: details.idTokenGeneration?.claimsToAddOrOverride,
    })
    const added = details.accessTokenGeneration?.claimsToAddOrOverride
    expect(typeof added?.[HASURA_CLAIMS_NAMESPACE]).toBe('string')
    expect(hasuraReads(added)).toMatchObject(forSub('sub-2'))
  })

  it('V3 events (V2 plus client credentials) get the V2 answer', async () => {
    const result = (await invoke(handler, v2('sub-3', '3'))) as PreTokenGenerationV2TriggerEvent
    expect(
      hasuraReads(result.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride),
    ).toMatchObject(forSub('sub-3'))
  })

  it('refuses an event without a sub rather than minting claims for nobody', async () => {
    await expect(invoke(handler, v1())).rejects.toThrow('the event carries no sub attribute')
  })
})
