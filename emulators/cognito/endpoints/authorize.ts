/**
 * `GET /oauth2/authorize` (and `/authorize`): validates the request, then either answers silently for a live
 * hosted-UI session or sends the browser to `/login` with the same query (specs/cognito.md §2.3).
 */
import { Hono } from 'hono'
import { authorizeQuery, pageRequest } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { CognitoError } from '../errors.ts'
import { completeSignIn, type SignInDeps } from '../sign-in.ts'
import { currentSession } from '../web-session.ts'

export const authorize = (deps: SignInDeps & Pick<Deps, 'config' | 'users'>) =>
  new Hono().get('/', async (c) => {
    const request = pageRequest(c, deps.config)
    if (request instanceof Response) return request
    const prompt = c.req.query('prompt')?.split(' ') ?? []
    const session = prompt.includes('login') ? undefined : currentSession(c, deps.hostedSessions)
    const user = session && deps.users.find(session.username)
    if (user && user.status === 'CONFIRMED') {
      try {
        return await completeSignIn(c, deps, user, request, { interactive: false, authTime: session.authTime })
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error
        // No page can show a trigger error on a silent sign-in: Cognito redirects with it (§9.7).
        const query = new URLSearchParams({ error_description: `${error.message} `, error: 'invalid_request' })
        if (request.state !== undefined) query.set('state', request.state)
        return c.redirect(`${request.redirectUri}?${query}`, 302)
      }
    }
    if (prompt.includes('none')) {
      const query = new URLSearchParams({ error: 'login_required' })
      if (request.state !== undefined) query.set('state', request.state)
      return c.redirect(`${request.redirectUri}?${query}`, 302)
    }
    return c.redirect(`/login?${authorizeQuery(request)}`, 302)
  })
