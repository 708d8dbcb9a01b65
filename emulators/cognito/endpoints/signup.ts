/**
 * `GET|POST /signup` → `/confirm`: a new, unconfirmed user with `email` as the required attribute, Cognito's
 * password policy and messages, and a 6-digit code (valid 24 h) in the local outbox (specs/cognito.md §3.2, §10).
 */
import { type Context, Hono } from 'hono'
import { type AuthorizeRequest, authorizeQuery, pageRequest } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { CognitoError, InvalidParameter, UsernameExists } from '../errors.ts'
import { signupPage } from '../pages.ts'
import { hashPassword, passwordPolicyError } from '../passwords.ts'
import { checkCsrf, csrfToken, formFields } from '../web-session.ts'
import { sendCode } from './confirm.ts'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u

export const signup = (deps: Deps) => {
  const render = (
    c: Context,
    request: AuthorizeRequest,
    extra: { error?: string; username?: string; email?: string },
    status: 200 | 403 = 200,
  ) => c.html(signupPage({ query: authorizeQuery(request), csrf: csrfToken(c, deps.random), ...extra }), status)

  return new Hono()
    .get('/', (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      return render(c, request, {})
    })
    .post('/', async (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      const form = await formFields(c)
      const username = (form.username ?? '').trim()
      const email = (form['requiredAttributes[email]'] ?? '').trim()
      const keep = { username, email }
      try {
        checkCsrf(c, form._csrf)
      } catch (error) {
        return render(c, request, { error: (error as Error).message, ...keep }, 403)
      }
      try {
        if (!username) throw InvalidParameter('Username cannot be empty')
        if (username.length > 128 || !USERNAME.test(username)) {
          throw InvalidParameter(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
          )
        }
        if (!EMAIL.test(email)) throw InvalidParameter('Invalid email address format.')
        const policy = passwordPolicyError(form.password ?? '')
        if (policy)
          throw new CognitoError(
            policy.startsWith('1 validation') ? 'InvalidParameterException' : 'InvalidPasswordException',
            policy,
          )
        if (deps.store.findUser(username)) throw UsernameExists()
        const passwordHash = await hashPassword(form.password as string, deps.config.passwordCost)
        const added = deps.store.addUser({
          username,
          sub: deps.random.uuid(),
          email,
          emailVerified: false,
          status: 'UNCONFIRMED',
          passwordHash,
          createdAt: deps.clock.now().getTime(),
          failedAttempts: 0,
        })
        // Checked again after the await: of two simultaneous sign-ups of one name, exactly one is added.
        if (!added) throw UsernameExists()
        sendCode(deps, username, 'SignUp')
        return c.redirect(`/confirm?${authorizeQuery(request, { username })}`, 302)
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error
        return render(c, request, { error: error.message, ...keep })
      }
    })
}
