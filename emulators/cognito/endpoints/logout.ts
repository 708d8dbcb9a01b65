/**
 * `GET /logout` (specs/cognito.md §11): with `client_id` + a registered `logout_uri`, ends the hosted-UI session
 * and redirects there, ignoring other parameters; with `redirect_uri` + `response_type` instead, ends the session
 * and starts a new sign-in. Anything unregistered lands on the error page.
 */
import { Hono } from 'hono'
import { authorizeQuery, errorPageUrl, pageRequest } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { endSession } from '../web-session.ts'

export const logout = (deps: Pick<Deps, 'config' | 'hostedSessions'>) =>
  new Hono().get('/', (c) => {
    const clientId = c.req.query('client_id')
    if (clientId !== deps.config.clientId) return c.redirect(errorPageUrl('invalid_request', clientId), 302)
    const logoutUri = c.req.query('logout_uri')
    if (logoutUri !== undefined) {
      if (!deps.config.logoutUrls.includes(logoutUri))
        return c.redirect(errorPageUrl('redirect_mismatch', clientId), 302)
      endSession(c, deps.hostedSessions)
      return c.redirect(logoutUri, 302)
    }
    if (c.req.query('redirect_uri') === undefined) return c.redirect(errorPageUrl('invalid_request', clientId), 302)
    const request = pageRequest(c, deps.config)
    if (request instanceof Response) return request
    endSession(c, deps.hostedSessions)
    return c.redirect(`/login?${authorizeQuery(request)}`, 302)
  })
