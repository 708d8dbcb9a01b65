/**
 * What came back to `/cognito-callback`. Implicit: tokens in the fragment. Code: `code` + `state` in the query.
 * Errors (`error`, `error_description`) may come in either (specs/cognito.md §2.2). Anything else is garbage and
 * is said to be so.
 */

export type CallbackParams =
  | { kind: 'implicit'; idToken?: string; accessToken: string; tokenType: string; expiresIn?: number; state?: string }
  | { kind: 'code'; code: string; state?: string }
  | { kind: 'error'; error: string; description?: string; state?: string }
  | { kind: 'empty' }
  | { kind: 'malformed'; reason: string }

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

function params(text: string): URLSearchParams | undefined {
  try {
    return new URLSearchParams(text)
  } catch {
    return undefined
  }
}

export function parseCallback(url: URL): CallbackParams {
  const fragment = params(url.hash.replace(/^#/, ''))
  const query = url.searchParams
  if (!fragment) return { kind: 'malformed', reason: 'the fragment is not form-encoded' }

  for (const source of [fragment, query]) {
    const error = source.get('error')
    if (error !== null) {
      return {
        kind: 'error',
        error,
        description: source.get('error_description') ?? undefined,
        state: source.get('state') ?? undefined,
      }
    }
  }
  for (const source of [fragment, query]) {
    if (
      source.getAll('state').length > 1 ||
      source.getAll('access_token').length > 1 ||
      source.getAll('id_token').length > 1
    ) {
      return { kind: 'malformed', reason: 'a parameter appears more than once' }
    }
  }
  const accessToken = fragment.get('access_token')
  const idToken = fragment.get('id_token') ?? undefined
  if (accessToken !== null || idToken !== undefined) {
    if (!accessToken) return { kind: 'malformed', reason: 'the fragment has an id_token but no access_token' }
    if (!JWT.test(accessToken)) return { kind: 'malformed', reason: 'access_token is not a compact JWT' }
    if (idToken !== undefined && !JWT.test(idToken))
      return { kind: 'malformed', reason: 'id_token is not a compact JWT' }
    const tokenType = fragment.get('token_type') ?? ''
    if (tokenType.toLowerCase() !== 'bearer')
      return { kind: 'malformed', reason: `token_type is "${tokenType}", not Bearer` }
    const expires = fragment.get('expires_in')
    const expiresIn = expires === null ? undefined : Number(expires)
    if (expiresIn !== undefined && !(Number.isInteger(expiresIn) && expiresIn > 0)) {
      return { kind: 'malformed', reason: `expires_in is "${expires}", not a positive number of seconds` }
    }
    return { kind: 'implicit', idToken, accessToken, tokenType, expiresIn, state: fragment.get('state') ?? undefined }
  }
  const code = query.get('code')
  if (code !== null) {
    if (!/^[\w.~-]{1,512}$/.test(code))
      return { kind: 'malformed', reason: 'code has characters an authorization code cannot have' }
    return { kind: 'code', code, state: query.get('state') ?? undefined }
  }
  return { kind: 'empty' }
}

/**
 * Runs once, before React renders: reads the callback URL and scrubs it from the address bar and history
 * (RFC 9700 §4.3.2), so tokens never sit in the URL while the page works. Other pages are left alone (undefined).
 */
export function captureCallback(
  location: Location,
  history: History,
  callbackPath: string,
): CallbackParams | undefined {
  if (location.pathname !== callbackPath) return undefined
  const url = new URL(location.href)
  if (url.hash || url.search) history.replaceState(null, '', url.pathname)
  return parseCallback(url)
}
