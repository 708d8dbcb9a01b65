/**
 * URLs of the Cognito hosted UI: `/login` and `/signup` take the authorize parameters directly; `/logout` takes
 * either `client_id` + `logout_uri` (sign out), or the authorize parameters (sign out, then straight to a new sign-in)
 * (specs/cognito.md §3, §11). The `redirect_uri` is sent byte for byte as configured.
 */
import type { Settings } from '../settings.ts'
import type { PendingAuth } from './pending-auth.ts'
import { pkceChallenge } from './random.ts'

export async function hostedUiUrl(
  settings: Settings,
  page: 'login' | 'signup' | 'oauth2/authorize' | 'logout',
  pending: PendingAuth,
): Promise<string> {
  const query = new URLSearchParams({
    response_type: settings.responseType,
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    scope: settings.scopes.join(' '),
    state: pending.state,
    nonce: pending.nonce,
  })
  if (settings.responseType === 'code') {
    if (!pending.codeVerifier) throw new Error('the code flow needs a PKCE verifier')
    query.set('code_challenge', await pkceChallenge(pending.codeVerifier))
    query.set('code_challenge_method', 'S256')
  }
  return `${settings.cognitoDomain}/${page}?${query}`
}

export function logoutUrl(settings: Settings): string {
  return `${settings.cognitoDomain}/logout?${new URLSearchParams({ client_id: settings.clientId, logout_uri: settings.logoutUri })}`
}

export function tokenEndpoint(settings: Settings): string {
  return `${settings.cognitoDomain}/oauth2/token`
}
