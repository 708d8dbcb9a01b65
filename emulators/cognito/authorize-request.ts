/**
 * The parameters of `/oauth2/authorize`, which `/login`, `/signup` and `/confirm` carry along too, validated in
 * Cognito's order (specs/cognito.md §2.2): an unknown client or an unregistered `redirect_uri` lands on the
 * `/error` page and never redirects (RFC 6749 §4.1.2.1); later problems go back to the `redirect_uri`.
 */
import type { Context } from 'hono'
import type { CognitoConfig } from './config.ts'

export interface AuthorizeRequest {
  responseType: 'code' | 'token'
  clientId: string
  redirectUri: string
  state?: string
  scopes: string[]
  nonce?: string
  codeChallenge?: string
}

export type AuthorizeOutcome =
  | { ok: true; request: AuthorizeRequest }
  | { ok: false; errorPage: string }
  | { ok: false; redirect: string }

export function errorPageUrl(error: string, clientId: string | undefined): string {
  const query = new URLSearchParams({ error })
  if (clientId) query.set('client_id', clientId)
  return `/error?${query}`
}

/** Cognito puts `error_description` before `error`, with form-style `+` for spaces (§2.2, §14.2). */
export function errorRedirect(
  redirectUri: string,
  state: string | undefined,
  error: string,
  description?: string,
): string {
  const query = new URLSearchParams()
  if (description) query.set('error_description', description)
  if (state !== undefined) query.set('state', state)
  query.set('error', error)
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query}`
}

export function parseAuthorizeRequest(params: URLSearchParams, config: CognitoConfig): AuthorizeOutcome {
  const clientId = params.get('client_id') ?? undefined
  if (clientId !== config.clientId) return { ok: false, errorPage: errorPageUrl('invalid_request', clientId) }
  const redirectUri = params.get('redirect_uri') ?? ''
  // Byte-for-byte: a trailing slash or another port is another URL.
  if (!config.callbackUrls.includes(redirectUri))
    return { ok: false, errorPage: errorPageUrl('redirect_mismatch', clientId) }

  const state = params.get('state') ?? undefined
  const fail = (error: string, description?: string): AuthorizeOutcome => ({
    ok: false,
    redirect: errorRedirect(redirectUri, state, error, description),
  })
  const responseType = params.get('response_type')
  if (responseType !== 'code' && responseType !== 'token') return fail('invalid_request', 'invalid_response_type')
  if (!config.allowedFlows.includes(responseType === 'token' ? 'implicit' : 'code')) return fail('unauthorized_client')

  const method = params.get('code_challenge_method')
  const challenge = params.get('code_challenge') ?? undefined
  if (challenge !== undefined || method !== null) {
    if (responseType !== 'code') return fail('invalid_request', 'PKCE is only for the authorization code grant')
    if (method !== 'S256') return fail('invalid_request', 'Only S256 code_challenge_method is supported')
    if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'invalid code_challenge')
  }

  const idp = params.get('identity_provider')
  if (idp !== null && idp !== 'COGNITO') return fail('invalid_request', 'unsupported identity_provider')

  const scopeParam = params.get('scope')
  // Without `scope` Cognito grants every scope the client allows.
  const scopes = scopeParam === null ? [...config.allowedScopes] : scopeParam.split(' ').filter(Boolean)
  const unknown = scopes.some((scope) => !config.allowedScopes.includes(scope))
  const needsOpenid =
    scopes.some((scope) => ['email', 'phone', 'profile'].includes(scope)) && !scopes.includes('openid')
  // The observed real format for a bad scope (§2.2): error_description=invalid_scope&error=invalid_request.
  if (scopes.length === 0 || unknown || needsOpenid) return fail('invalid_request', 'invalid_scope')

  return {
    ok: true,
    request: {
      responseType,
      clientId,
      redirectUri,
      state,
      scopes,
      nonce: params.get('nonce') ?? undefined,
      codeChallenge: challenge,
    },
  }
}

/** The query string that carries an authorize request from page to page. */
export function authorizeQuery(request: AuthorizeRequest, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: request.responseType,
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scopes.join(' '),
  })
  if (request.state !== undefined) query.set('state', request.state)
  if (request.nonce !== undefined) query.set('nonce', request.nonce)
  if (request.codeChallenge) {
    query.set('code_challenge', request.codeChallenge)
    query.set('code_challenge_method', 'S256')
  }
  for (const [key, value] of Object.entries(extra)) query.set(key, value)
  return query.toString()
}

/** The authorize request a hosted-UI page carries, or Cognito's answer (error page or redirect) when it is bad. */
export function pageRequest(c: Context, config: CognitoConfig): AuthorizeRequest | Response {
  const outcome = parseAuthorizeRequest(new URL(c.req.url).searchParams, config)
  if (outcome.ok) return outcome.request
  return c.redirect('errorPage' in outcome ? outcome.errorPage : outcome.redirect, 302)
}
