/**
 * What happens once a user has proven who they are, at `/login`, after `/confirm`, or silently with a session
 * cookie: the Post Authentication trigger (interactive sign-ins only), the Pre Token Generation trigger
 * (`TokenGeneration_HostedAuth`), then the authorization response — `?code=` or `#access_token=…` — to the
 * registered `redirect_uri`. A failing trigger throws its Cognito error and nothing is issued.
 */
import type { Context } from 'hono'
import type { AuthorizeRequest } from './authorize-request.ts'
import { type Deps, nowSeconds } from './deps.ts'
import type { User } from './pool.ts'
import { startSession } from './web-session.ts'

export type SignInDeps = Pick<Deps, 'clock' | 'triggers' | 'hostedSessions' | 'authorizationCodes' | 'mint'>

export async function completeSignIn(
  c: Context,
  deps: SignInDeps,
  user: User,
  request: AuthorizeRequest,
  how: { interactive: boolean; authTime?: number },
): Promise<Response> {
  const authTime = how.authTime ?? nowSeconds(deps.clock)
  if (how.interactive) await deps.triggers.postAuthentication(user, request.clientId)
  const customization = await deps.triggers.preTokenGeneration(
    user,
    request.clientId,
    'TokenGeneration_HostedAuth',
    request.scopes,
  )
  if (how.interactive) startSession(c, deps.hostedSessions, user.username, authTime)

  const query = new URLSearchParams()
  if (request.responseType === 'code') {
    query.set('code', deps.authorizationCodes.issue({ request, username: user.username, authTime, customization }))
    if (request.state !== undefined) query.set('state', request.state)
    const separator = request.redirectUri.includes('?') ? '&' : '?'
    return c.redirect(`${request.redirectUri}${separator}${query}`, 302)
  }
  const tokens = await deps.mint({
    user,
    clientId: request.clientId,
    scopes: request.scopes,
    nonce: request.nonce,
    authTime,
    customization,
  })
  query.set('access_token', tokens.access_token)
  if (tokens.id_token) query.set('id_token', tokens.id_token)
  query.set('token_type', tokens.token_type)
  query.set('expires_in', String(tokens.expires_in))
  if (request.state !== undefined) query.set('state', request.state)
  return c.redirect(`${request.redirectUri}#${query}`, 302)
}
