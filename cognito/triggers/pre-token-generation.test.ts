import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { extractHasuraClaims } from '../../lib/hasura-claims.ts'
import { HASURA_CLAIMS_NAMESPACE, handler } from './pre-token-generation.ts'

const event = (sub?: string) =>
  ({
    version: '1',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'us-east-1',
    userPoolId: 'us-east-1_LocalPool',
    userName: 'alice',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'c' },
    request: {
      userAttributes: sub ? { sub } : {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
    },
    response: { claimsOverrideDetails: null },
  }) as unknown as PreTokenGenerationTriggerEvent

describe('pre-token-generation (custom-jwt-claims)', () => {
  it('adds stringified Hasura claims that Hasura (claims_format: stringified_json) accepts', async () => {
    const result = (await handler(event('sub-1'), {} as Context, () => {})) as PreTokenGenerationTriggerEvent
    const added = result.response.claimsOverrideDetails?.claimsToAddOrOverride ?? {}
    expect(Object.keys(added)).toEqual([HASURA_CLAIMS_NAMESPACE])
    expect(typeof added[HASURA_CLAIMS_NAMESPACE]).toBe('string') // V1 allows strings only
    const parsed = extractHasuraClaims(added, { claimsFormat: 'stringified_json' })
    expect(parsed).toMatchObject({
      ok: true,
      claims: { allowedRoles: ['user'], defaultRole: 'user', sessionVariables: { 'x-hasura-user-id': 'sub-1' } },
    })
  })

  it('refuses an event without a sub rather than minting claims for nobody', async () => {
    await expect(handler(event(), {} as Context, () => {}) as Promise<unknown>).rejects.toThrow(
      'the event carries no sub attribute',
    )
  })
})
