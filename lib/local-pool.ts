/**
 * The local demo pool's identity and the Hasura JWT configuration that trusts a pool — defined once, imported by the
 * Cognito stand-in's defaults, `npm start`, the end-to-end suite, the benchmarks, the tests and the SPA (its
 * defaults and the `HASURA_GRAPHQL_JWT_SECRET` it suggests). Pure: no DOM, no Node.
 */
import { type ClaimsFormat, DEFAULT_CLAIMS_NAMESPACE } from './hasura-claims.ts'

/** ../shared/CONTRACT.md "Ports and local identities". The pool id matches aws-jwt-verify's pattern. */
export const LOCAL_POOL = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_LocalPool',
  clientId: 'localdemoclient00000000000',
  cognitoPort: 9229,
  hasuraPort: 8080,
  spaPort: 3333,
  adminSecret: 'local-admin-secret',
  scopes: ['openid', 'email', 'profile'],
} as const

export const localhost = (port: number) => `http://localhost:${port}`

/** A Cognito issuer: `https://cognito-idp.<region>.amazonaws.com/<poolId>` in AWS, `<stand-in>/<poolId>` here. */
export const issuerOf = (base: string, userPoolId: string = LOCAL_POOL.userPoolId) =>
  `${base.replace(/\/$/, '')}/${userPoolId}`

export const jwksUrlOf = (issuer: string) => `${issuer}/.well-known/jwks.json`

/** The local stand-ins' URLs for a set of ports (the defaults, or the end-to-end suite's own). */
export function localUrls(ports: { cognitoPort: number; hasuraPort: number; spaPort: number }) {
  const cognito = localhost(ports.cognitoPort)
  return {
    cognito,
    issuer: issuerOf(cognito),
    hasura: `${localhost(ports.hasuraPort)}/v1/graphql`,
    spa: localhost(ports.spaPort),
  }
}

export interface JwtSecretOptions {
  /**
   * Which token Hasura is sent. An ID token carries `aud` = the app client id, so the secret names an `audience`;
   * a Cognito access token carries `client_id` and no `aud`, so any `audience` would refuse it (JWTNotInAudience).
   */
  tokenUse: 'id' | 'access'
  /** The app client id (ID tokens only). */
  audience?: string | string[]
  claimsFormat?: ClaimsFormat
  claimsNamespace?: string
}

/** The `HASURA_GRAPHQL_JWT_SECRET` object that trusts tokens of `issuer` (specs/hasura.md §1.1). */
export function jwtSecretFor(issuer: string, options: JwtSecretOptions): Record<string, unknown> {
  const secret: Record<string, unknown> = {
    type: 'RS256',
    jwk_url: jwksUrlOf(issuer),
    claims_format: options.claimsFormat ?? 'stringified_json',
    issuer,
  }
  if (options.claimsNamespace && options.claimsNamespace !== DEFAULT_CLAIMS_NAMESPACE)
    secret.claims_namespace = options.claimsNamespace
  if (options.tokenUse === 'id' && options.audience !== undefined) secret.audience = options.audience
  return secret
}
