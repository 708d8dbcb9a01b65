/**
 * Signs in through a hosted-UI `/login` URL over plain HTTP, as a browser would: GET the form (CSRF cookie and
 * field), POST the credentials. Answers are returned unfollowed: a 302 to the callback on success.
 */
import { LOCAL_POOL } from '../lib/local-pool.ts'

export interface LoginForm {
  cookie: string
  csrf: string
}

export async function openLoginForm(loginUrl: string): Promise<LoginForm> {
  const page = await fetch(loginUrl)
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '' }
}

export function submitLogin(loginUrl: string, form: LoginForm, username: string, password: string): Promise<Response> {
  return fetch(loginUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: form.csrf, username, password }),
  })
}

export async function hostedSignIn(loginUrl: string, username: string, password: string): Promise<Response> {
  return submitLogin(loginUrl, await openLoginForm(loginUrl), username, password)
}

/** The local pool's hosted-UI `/login` URL for the SPA's client: the implicit grant, back to the SPA's callback. */
export function localLoginUrl(urls: { cognito: string; spa: string }, scope = 'openid'): string {
  const query = new URLSearchParams({
    response_type: 'token',
    client_id: LOCAL_POOL.clientId,
    redirect_uri: `${urls.spa}/cognito-callback`,
    scope,
  })
  return `${urls.cognito}/login?${query}`
}

/** The ID token an implicit-grant sign-in redirects with (in the `Location` fragment), or null. */
export function idTokenOf(signedIn: Response): string | null {
  return new URLSearchParams((signedIn.headers.get('location') ?? '').split('#')[1] ?? '').get('id_token')
}
