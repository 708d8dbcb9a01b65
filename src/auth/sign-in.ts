/**
 * The callback's work, in order: take the captured response, check `state` (known, unexpired, unused), for the
 * code flow exchange the code with its PKCE verifier, verify the ID token — and the access token too when that is
 * the one Hasura is sent (VITE_HASURA_TOKEN=access) — and only then keep the identity. A rejected token is neither
 * stored nor sent anywhere.
 */
import type { Settings } from '../settings.ts'
import type { CallbackParams } from './callback-params.ts'
import { tokenEndpoint } from './hosted-ui.ts'
import { type PendingStore, STATE_PROBLEMS } from './pending-auth.ts'
import type { Identity, SessionStore } from './session-store.ts'
import { verifyAccessToken } from './verify-access-token.ts'
import { verifyIdToken } from './verify-id-token.ts'
import { type KeyExpectations, prefetchJwks, type Verification } from './verify-token.ts'

export type CallbackOutcome =
  | { kind: 'nothing' }
  | { kind: 'hosted-ui-error'; error: string; description?: string; stateProblem?: string }
  | { kind: 'rejected'; reason: string; verification?: Verification; accessVerification?: Verification }
  | { kind: 'verified'; verification: Verification; identity: Identity }

export interface SignInDeps {
  settings: Settings
  pending: PendingStore
  sessions: SessionStore
  fetch?: typeof fetch
  keys?: KeyExpectations['keys']
  now?: () => number
}

async function exchangeCode(deps: SignInDeps, code: string, verifier: string) {
  const response = await (deps.fetch ?? fetch)(tokenEndpoint(deps.settings), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: deps.settings.clientId,
      code,
      redirect_uri: deps.settings.redirectUri,
      code_verifier: verifier,
    }),
  })
  const body = (await response.json().catch(() => ({}))) as Record<string, string | undefined>
  if (!response.ok) {
    throw new Error(
      `the token endpoint answered ${response.status} ${body.error ?? ''}${body.error_description ? ` (${body.error_description})` : ''}`.trim(),
    )
  }
  if (!body.access_token) throw new Error('the token endpoint answered without an access_token')
  return { idToken: body.id_token, accessToken: body.access_token }
}

export async function completeCallback(params: CallbackParams | undefined, deps: SignInDeps): Promise<CallbackOutcome> {
  if (!params || params.kind === 'empty') return { kind: 'nothing' }
  if (params.kind === 'malformed') return { kind: 'rejected', reason: `response: ${params.reason}` }

  if (params.kind !== 'error' && !deps.keys) prefetchJwks(deps.settings.issuer)
  const consumed = await deps.pending.consume(params.state)
  if (params.kind === 'error') {
    return {
      kind: 'hosted-ui-error',
      error: params.error,
      description: params.description,
      stateProblem: consumed.ok ? undefined : STATE_PROBLEMS[consumed.reason],
    }
  }
  if (!consumed.ok) return { kind: 'rejected', reason: `state: ${STATE_PROBLEMS[consumed.reason]}` }
  const { pending } = consumed

  let idToken: string | undefined
  let accessToken: string
  if (params.kind === 'code') {
    if (!pending.codeVerifier)
      return { kind: 'rejected', reason: 'code: this sign-in asked for tokens (implicit), not a code' }
    try {
      ;({ idToken, accessToken } = await exchangeCode(deps, params.code, pending.codeVerifier))
    } catch (error) {
      return { kind: 'rejected', reason: `code exchange: ${(error as Error).message}` }
    }
  } else {
    if (pending.codeVerifier)
      return { kind: 'rejected', reason: 'response: this sign-in asked for a code (PKCE), but tokens arrived' }
    idToken = params.idToken
    accessToken = params.accessToken
  }
  if (!idToken) {
    return {
      kind: 'rejected',
      reason: 'id_token: none arrived — Cognito returns an ID token only when the openid scope is requested',
    }
  }
  const pool: KeyExpectations = {
    issuer: deps.settings.issuer,
    clientId: deps.settings.clientId,
    keys: deps.keys,
    now: deps.now?.(),
  }
  const verification = await verifyIdToken(idToken, {
    ...pool,
    nonce: pending.nonce,
    accessToken,
    requireAtHash: params.kind === 'implicit',
  })
  if (verification.verdict === 'rejected')
    return { kind: 'rejected', reason: verification.reason ?? 'rejected', verification }
  const { hasuraToken } = deps.settings
  const accessVerification = hasuraToken === 'access' ? await verifyAccessToken(accessToken, pool) : undefined
  if (accessVerification?.verdict === 'rejected')
    return { kind: 'rejected', reason: `access token ${accessVerification.reason}`, verification, accessVerification }
  const payload = verification.payload ?? {}
  const identity: Identity = {
    sub: String(payload.sub),
    username: String(payload['cognito:username'] ?? payload.sub),
    idToken,
    accessToken,
    hasuraToken,
    expiresAt: Number((accessVerification ?? verification).payload?.exp) * 1000,
    verification,
    accessVerification,
    flow: params.kind === 'code' ? 'code' : 'token',
  }
  deps.sessions.add(identity)
  return { kind: 'verified', verification, identity }
}
