/**
 * `POST /oauth2/revoke` (specs/cognito.md §7): revokes a refresh token and every token minted from it (matched by
 * `origin_jti`); unknown tokens still get 200, as RFC 7009 asks.
 */
import { Hono } from 'hono'
import type { Deps } from '../deps.ts'
import { InvalidClient, InvalidRequest, OAuthError, UnsupportedTokenType } from '../errors.ts'

export const revoke = (deps: Pick<Deps, 'config' | 'refreshTokens'>) =>
  new Hono().post('/', async (c) => {
    const headers = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' }
    try {
      const form = new URLSearchParams(await c.req.text())
      const value = form.get('token')
      if (!value) throw InvalidRequest()
      if (form.get('client_id') !== deps.config.clientId) throw InvalidClient()
      // An access or ID token is a JWT: Cognito revokes refresh tokens only.
      if (value.split('.').length === 3) throw UnsupportedTokenType()
      const record = deps.refreshTokens.find(value)
      if (record && record.clientId === deps.config.clientId) deps.refreshTokens.revokeOrigin(record.originJti)
      return c.body(null, 200, headers)
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error
      return c.json(error.toJSON(), error.status as 400, headers)
    }
  })
