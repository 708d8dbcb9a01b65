/**
 * The issuer's `/.well-known/openid-configuration` and `/.well-known/jwks.json` (specs/cognito.md §8.1–8.2): keys
 * in Cognito's alphabetical order, endpoints on the hosted-UI domain. Both are readable cross-origin so a browser
 * can verify tokens, and the JWKS carries a `Cache-Control` that tells Hasura when to refetch.
 */
import { Hono } from 'hono'
import { issuerOf } from '../config.ts'
import type { Deps } from '../deps.ts'

export const wellKnown = ({ config, keys }: Pick<Deps, 'config' | 'keys'>) => {
  const issuer = issuerOf(config)
  const domain = config.publicUrl
  const discovery = {
    authorization_endpoint: `${domain}/oauth2/authorize`,
    end_session_endpoint: `${domain}/logout`,
    id_token_signing_alg_values_supported: ['RS256'],
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    revocation_endpoint: `${domain}/oauth2/revoke`,
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    token_endpoint: `${domain}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    userinfo_endpoint: `${domain}/oauth2/userInfo`,
  }
  const headers = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' }
  return new Hono()
    .get('/openid-configuration', (c) => c.json(discovery, 200, headers))
    .get('/jwks.json', (c) => c.json(keys.jwks, 200, headers))
}
