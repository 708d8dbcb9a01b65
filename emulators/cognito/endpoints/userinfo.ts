/**
 * `GET|POST /oauth2/userInfo` (specs/cognito.md §6): a valid, unrevoked access token with the `openid` scope gets
 * the user's attributes as strings; errors come in `WWW-Authenticate`, as Cognito sends them.
 */
import { Hono } from 'hono'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { issuerOf } from '../config.ts'
import type { Deps } from '../deps.ts'

const NO_CACHE = {
  'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate',
  Pragma: 'no-cache',
  'Access-Control-Allow-Origin': '*',
}

export const userInfo = (deps: Pick<Deps, 'config' | 'clock' | 'keys' | 'users' | 'refreshTokens'>) => {
  const jwks = createLocalJWKSet({ keys: [deps.keys.access.publicJwk] })
  const handler = async (c: import('hono').Context) => {
    const header = c.req.header('authorization') ?? ''
    const [scheme, value] = header.split(' ')
    if (scheme?.toLowerCase() !== 'bearer' || !value) {
      return c.body(null, 400, {
        ...NO_CACHE,
        'WWW-Authenticate': 'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"',
      })
    }
    const invalid = () =>
      c.body(null, 401, {
        ...NO_CACHE,
        'WWW-Authenticate':
          'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."',
      })
    try {
      const { payload } = await jwtVerify(value, jwks, { issuer: issuerOf(deps.config), currentDate: deps.clock.now() })
      if (
        payload.token_use !== 'access' ||
        !String(payload.scope ?? '')
          .split(' ')
          .includes('openid')
      )
        return invalid()
      if (typeof payload.origin_jti === 'string' && deps.refreshTokens.isOriginRevoked(payload.origin_jti))
        return invalid()
      const user = deps.users.findBySub(String(payload.sub))
      if (!user) return invalid()
      return c.json(
        { sub: user.sub, email_verified: String(user.emailVerified), email: user.email, username: user.username },
        200,
        { ...NO_CACHE, 'Content-Type': 'application/json;charset=UTF-8' },
      )
    } catch {
      return invalid()
    }
  }
  return new Hono()
    .options('/', (c) =>
      c.body(null, 204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': 'authorization',
        'Access-Control-Allow-Methods': 'GET, POST',
      }),
    )
    .get('/', handler)
    .post('/', handler)
}
