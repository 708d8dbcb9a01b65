/**
 * `POST /oauth2/token` (specs/cognito.md §5): `authorization_code` (the code's rules — single use, 5 minutes, bound
 * to client, `redirect_uri` and PKCE — are authorization-codes.ts's) and `refresh_token`. Public client: no secret.
 * Answers carry `Access-Control-Allow-Origin: *` so a SPA can call it, and never get cached.
 */
import { Hono } from 'hono'
import { type Deps, nowSeconds } from '../deps.ts'
import {
  CognitoError,
  InvalidClient,
  InvalidGrant,
  InvalidRequest,
  OAuthError,
  UnsupportedGrantType,
} from '../errors.ts'
import type { TokenCustomization } from '../pre-token-generation.ts'

const HEADERS = {
  'Content-Type': 'application/json;charset=UTF-8',
  'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate',
  Pragma: 'no-cache',
  'Access-Control-Allow-Origin': '*',
}

export const token = (
  deps: Pick<
    Deps,
    'config' | 'clock' | 'random' | 'users' | 'refreshTokens' | 'authorizationCodes' | 'mint' | 'triggers'
  >,
) =>
  new Hono()
    .options('/', (c) =>
      c.body(null, 204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': c.req.header('access-control-request-headers') ?? 'content-type',
      }),
    )
    .post('/', async (c) => {
      try {
        if (!c.req.header('content-type')?.startsWith('application/x-www-form-urlencoded')) throw InvalidRequest()
        const form = new URLSearchParams(await c.req.text())
        const grantType = form.get('grant_type')
        if (!grantType) throw InvalidRequest()
        if (grantType !== 'authorization_code' && grantType !== 'refresh_token') throw UnsupportedGrantType()
        if (form.get('client_id') !== deps.config.clientId) throw InvalidClient()
        const clientId = deps.config.clientId
        const { users, refreshTokens } = deps

        if (grantType === 'authorization_code') {
          const codeValue = form.get('code')
          if (!codeValue) throw InvalidRequest()
          const code = deps.authorizationCodes.redeem(codeValue, {
            clientId,
            redirectUri: form.get('redirect_uri'),
            codeVerifier: form.get('code_verifier'),
          })
          const user = users.find(code.username)
          if (user?.status !== 'CONFIRMED') throw InvalidGrant()
          const originJti = deps.random.uuid()
          const tokens = await deps.mint({
            user,
            clientId,
            scopes: code.request.scopes,
            nonce: code.request.nonce,
            authTime: code.authTime,
            customization: code.customization,
            originJti,
          })
          const refreshToken = deps.random.token(96)
          refreshTokens.save(refreshToken, {
            username: user.username,
            clientId,
            scopes: code.request.scopes,
            originJti,
            authTime: code.authTime,
            expiresAt: deps.clock.now().getTime() + deps.config.validity.refreshToken * 1000,
          })
          const { id_token, access_token, expires_in, token_type } = tokens
          return c.json(
            { ...(id_token ? { id_token } : {}), access_token, refresh_token: refreshToken, expires_in, token_type },
            200,
            HEADERS,
          )
        }

        const refreshValue = form.get('refresh_token')
        if (!refreshValue) throw InvalidRequest()
        const record = refreshTokens.find(refreshValue)
        if (!record || record.clientId !== clientId) throw InvalidGrant()
        const user = users.find(record.username)
        if (!user) throw InvalidGrant()
        let customization: TokenCustomization
        try {
          customization = await deps.triggers.preTokenGeneration(
            user,
            clientId,
            'TokenGeneration_RefreshTokens',
            record.scopes,
          )
        } catch (error) {
          if (error instanceof CognitoError) throw InvalidRequest(error.message)
          throw error
        }
        const tokens = await deps.mint({
          user,
          clientId,
          scopes: record.scopes,
          authTime: record.authTime ?? nowSeconds(deps.clock),
          customization,
          originJti: record.originJti,
        })
        const { id_token, access_token, expires_in, token_type } = tokens
        return c.json({ ...(id_token ? { id_token } : {}), access_token, expires_in, token_type }, 200, HEADERS)
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error
        return c.json(error.toJSON(), error.status as 400, HEADERS)
      }
    })
