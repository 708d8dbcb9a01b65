/**
 * `GET|POST /forgotPassword` → `GET|POST /confirmforgotPassword` → back to `/login`: a 6-digit code valid 1 hour,
 * then a new password under the same policy (specs/cognito.md §3.4). Unknown users get the same answer as known
 * ones (PreventUserExistenceErrors).
 */
import { type Context, Hono } from 'hono'
import { type AuthorizeRequest, authorizeQuery, pageRequest } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { CodeMismatch, CognitoError, InvalidParameter } from '../errors.ts'
import { confirmForgotPasswordPage, forgotPasswordPage } from '../pages.ts'
import { hashPassword, passwordPolicyError } from '../passwords.ts'
import { checkCsrf, csrfToken, formFields } from '../web-session.ts'
import { checkCode, sendCode } from './confirm.ts'

export const forgotPassword = (deps: Deps) => {
  const render = (c: Context, request: AuthorizeRequest, error?: string, status: 200 | 403 = 200) =>
    c.html(forgotPasswordPage({ query: authorizeQuery(request), csrf: csrfToken(c, deps.random), error }), status)
  return new Hono()
    .get('/', (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      return render(c, request)
    })
    .post('/', async (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      const form = await formFields(c)
      try {
        checkCsrf(c, form._csrf)
      } catch (error) {
        return render(c, request, (error as Error).message, 403)
      }
      const username = (form.username ?? '').trim()
      if (!username) return render(c, request, 'Username cannot be empty')
      const user = deps.store.findUser(username)
      if (user) sendCode(deps, user.username, 'ForgotPassword')
      return c.redirect(`/confirmforgotPassword?${authorizeQuery(request, { username })}`, 302)
    })
}

export const confirmForgotPassword = (deps: Deps) => {
  const render = (c: Context, request: AuthorizeRequest, username: string, error?: string, status: 200 | 403 = 200) =>
    c.html(
      confirmForgotPasswordPage({
        query: authorizeQuery(request, { username }),
        csrf: csrfToken(c, deps.random),
        username,
        error,
      }),
      status,
    )
  return new Hono()
    .get('/', (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      return render(c, request, c.req.query('username') ?? '')
    })
    .post('/', async (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      const form = await formFields(c)
      const username = form.username ?? ''
      try {
        checkCsrf(c, form._csrf)
      } catch (error) {
        return render(c, request, username, (error as Error).message, 403)
      }
      try {
        const user = deps.store.findUser(username)
        if (!user) throw CodeMismatch()
        checkCode(deps, user.resetCode, form.code ?? '')
        if ((form.password ?? '') !== (form.confirmPassword ?? '')) throw InvalidParameter('Passwords do not match')
        const policy = passwordPolicyError(form.password ?? '')
        if (policy) throw new CognitoError('InvalidPasswordException', policy)
        const passwordHash = await hashPassword(form.password as string, deps.config.passwordCost)
        deps.store.updateUser(user.username, (u) => {
          u.passwordHash = passwordHash
          u.resetCode = undefined
          u.failedAttempts = 0
          u.lockedUntil = undefined
        })
        return c.redirect(`/login?${authorizeQuery(request, { notice: 'password-reset' })}`, 302)
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error
        return render(c, request, username, error.message)
      }
    })
}
