/**
 * Pre Token Generation — the recipe's "custom-jwt-claims" Lambda. Adds Hasura's claims as stringified JSON (hence
 * Hasura's `claims_format: stringified_json`), answering the event version the pool is configured with:
 * - V1_0 (`version: "1"`): `claimsOverrideDetails`, which changes the ID token only and takes strings only;
 * - V2_0 (`version: "2"`, Essentials or Plus feature plan): `claimsAndScopeOverrideDetails`, the same claim in the ID
 *   token and in the access token, so Hasura can be sent either (specs/cognito.md §9.3, §9.4).
 * Deploy unchanged: `npm run build:triggers` writes the zip.
 */
import type { Handler, PreTokenGenerationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda'

export const HASURA_CLAIMS_NAMESPACE = 'https://hasura.io/jwt/claims'

export type PreTokenGenerationEvent = PreTokenGenerationTriggerEvent | PreTokenGenerationV2TriggerEvent

export const handler: Handler<PreTokenGenerationEvent, PreTokenGenerationEvent> = async (event) => {
  const sub = event.request.userAttributes.sub
  if (!sub) throw new Error('the event carries no sub attribute')
  const claims = {
    [HASURA_CLAIMS_NAMESPACE]: JSON.stringify({
      'x-hasura-user-id': sub,
      'x-hasura-default-role': 'user',
      'x-hasura-allowed-roles': ['user'],
    }),
  }
  if (isV2(event)) {
    event.response = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: claims },
        accessTokenGeneration: { claimsToAddOrOverride: claims },
      },
    }
  } else {
    event.response = { claimsOverrideDetails: { claimsToAddOrOverride: claims } }
  }
  return event
}

/** The event's `version` says which answer Cognito reads; V3_0 events (client credentials too) share V2's shape. */
function isV2(event: PreTokenGenerationEvent): event is PreTokenGenerationV2TriggerEvent {
  return event.version === '2' || event.version === '3'
}
