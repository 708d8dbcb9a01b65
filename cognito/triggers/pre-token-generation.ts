/**
 * Pre Token Generation (V1_0) — the recipe's "custom-jwt-claims" Lambda. Adds Hasura's claims to the ID token as
 * stringified JSON, because V1 `claimsToAddOrOverride` takes strings only (hence Hasura's
 * `claims_format: stringified_json`). Deploy unchanged: `npm run build:triggers` writes the zip.
 */
import type { PreTokenGenerationTriggerHandler } from 'aws-lambda'

export const HASURA_CLAIMS_NAMESPACE = 'https://hasura.io/jwt/claims'

export const handler: PreTokenGenerationTriggerHandler = async (event) => {
  const sub = event.request.userAttributes.sub
  if (!sub) throw new Error('the event carries no sub attribute')
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: {
        [HASURA_CLAIMS_NAMESPACE]: JSON.stringify({
          'x-hasura-user-id': sub,
          'x-hasura-default-role': 'user',
          'x-hasura-allowed-roles': ['user'],
        }),
      },
    },
  }
  return event
}
