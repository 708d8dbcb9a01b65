/**
 * Proves an access token genuine before it is sent to Hasura (`VITE_HASURA_TOKEN=access`): what every Cognito JWT
 * must pass (verify-token.ts), then `client_id` = the app client (access tokens carry no `aud`), `token_use: access`
 * and `exp`/`iat` — aws-jwt-verify's checks for `tokenUse: "access"` (client-anchors.md §1.6).
 */
import { checkTimes, expectClaim, type KeyExpectations, type Verification, verifyJwt } from './verify-token.ts'

export function verifyAccessToken(token: string, expect: KeyExpectations): Promise<Verification> {
  return verifyJwt(token, expect, (payload, add, now) => {
    expectClaim(add, 'client_id', payload.client_id, expect.clientId, `expected the app client id ${expect.clientId}`)
    expectClaim(
      add,
      'token_use',
      payload.token_use,
      'access',
      payload.token_use === 'id'
        ? 'an ID token where the access token belongs (VITE_HASURA_TOKEN=access)'
        : 'expected an access token',
    )
    checkTimes(add, payload, now)
  })
}
