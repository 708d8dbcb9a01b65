/**
 * Hasura answers auth and permission failures with HTTP 200 and `extensions.code`; Apollo 4 surfaces them as
 * `CombinedGraphQLErrors`, non-2xx as `ServerError`, and a blocked request as a plain network error. Each gets its
 * likely cause and fix (client-anchors.md §2).
 */
import { CombinedGraphQLErrors, ServerError } from '@apollo/client'

export interface ClassifiedError {
  code: string
  message: string
  cause: string
  fix: string
}

const BY_MESSAGE: [RegExp, string, string][] = [
  [/JWTExpired/, 'The ID token expired.', 'Sign in again (the implicit grant has no refresh token).'],
  [
    /JWSInvalidSignature/,
    'The signature does not match any key Hasura has.',
    'Point jwk_url at this pool: <issuer>/.well-known/jwks.json. A token from another pool or an altered token fails here.',
  ],
  [
    /JWTNotInAudience/,
    "The token's aud is not the configured audience: an ID token of another app client.",
    'Set audience to this app client id (VITE_COGNITO_CLIENT_ID).',
  ],
  [
    /JWTNotInIssuer/,
    'iss is not the configured issuer.',
    'Set issuer to https://cognito-idp.<region>.amazonaws.com/<poolId>.',
  ],
  [/JWTIssuedAtFuture/, "The token's iat is ahead of Hasura's clock.", 'Sync clocks (NTP) or set allowed_skew.'],
  [
    /claims key: .* not found/,
    'The token has no Hasura claims.',
    'Attach the Pre Token Generation trigger. A V1_0 trigger adds claims to the ID token only; for access tokens (VITE_HASURA_TOKEN=access) it must be V2_0 (Essentials or Plus plan) and add them to the access token.',
  ],
  [
    /expecting a string when claims_format/,
    'Claims are an object but Hasura expects a string.',
    'Set claims_format to json.',
  ],
  [
    /expecting a json object when claims_format/,
    'Claims are stringified but Hasura expects an object.',
    'Set claims_format to stringified_json (Cognito V1 triggers need it).',
  ],
  [
    /not in allowed roles/,
    'The requested role is not in x-hasura-allowed-roles.',
    "Request one of the token's allowed roles, or add the role in the trigger.",
  ],
  [
    /Missing 'Authorization'/,
    'No token was sent.',
    'Send Authorization: Bearer <id_token>, or configure HASURA_GRAPHQL_UNAUTHORIZED_ROLE.',
  ],
  [
    /Malformed Authorization header/,
    'The Authorization header is not "Bearer <token>".',
    'Send exactly "Bearer " followed by the token.',
  ],
  [
    /not found in type: 'query_root'/,
    'The role has no select permission on this table.',
    'Add a select permission for the role in hasura/metadata.',
  ],
  [
    /no mutations exist|not found in type: 'mutation_root'/,
    'The role may not write this table.',
    'This is the intended outcome for the user role.',
  ],
  [
    /missing session variable/,
    'A permission needs a session variable the token lacks.',
    'Add it to the Hasura claims in the trigger.',
  ],
]

export function classifyError(error: unknown): ClassifiedError {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0]
    const message = first?.message ?? 'GraphQL error'
    const code = String(first?.extensions?.code ?? 'graphql-error')
    const match = BY_MESSAGE.find(([pattern]) => pattern.test(message))
    return { code, message, cause: match?.[1] ?? 'Hasura refused the request.', fix: match?.[2] ?? 'See the message.' }
  }
  if (ServerError.is(error)) {
    return {
      code: `http-${error.statusCode}`,
      message: error.bodyText.slice(0, 200),
      cause: 'Something in front of Hasura answered with an HTTP error.',
      fix: 'Check the URL and any proxy or gateway.',
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  return {
    code: 'network',
    message,
    cause: 'The request never got an answer: Hasura is down, the URL is wrong, or CORS blocked it.',
    fix: `Check VITE_HASURA_GRAPHQL_URL and that HASURA_GRAPHQL_CORS_DOMAIN allows ${globalThis.location?.origin ?? 'this origin'}.`,
  }
}
