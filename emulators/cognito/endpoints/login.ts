/**
 * `GET|POST /login`: the sign-in form. Credentials are checked like Cognito's USER_PASSWORD_AUTH, with its
 * messages and lockout (specs/cognito.md §10.4–10.5); errors, trigger failures included, appear above the form.
 */
import { type Context, Hono } from 'hono'
import { type AuthorizeRequest, authorizeQuery, pageRequest } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { CognitoError, IncorrectCredentials, PasswordAttemptsExceeded, UserNotConfirmed } from '../errors.ts'
import { loginPage } from '../pages.ts'
import { verifyPassword } from '../passwords.ts'
import { completeSignIn } from '../sign-in.ts'
import type { User } from '../store.ts'
import { checkCsrf, csrfToken, formFields } from '../web-session.ts'

const LOCKOUT_FREE_FAILURES = 5
const LOCKOUT_MAX_MS = 15 * 60 * 1000
const LOCKOUT_RESET_MS = 15 * 60 * 1000

/** Checks a password with Cognito's lockout: after 5 failures, 1 s, doubling per failure up to 15 min. */
export async function authenticate(deps: Deps, username: string, password: string): Promise<User> {
  const { store, clock, config } = deps
  const user = store.findUser(username)
  if (!user) throw IncorrectCredentials()
  const now = clock.now().getTime()
  if (config.lockout && user.lockedUntil !== undefined && user.lockedUntil > now) throw PasswordAttemptsExceeded()
  if (!(await verifyPassword(password, user.passwordHash))) {
    store.updateUser(user.username, (u) => {
      const quiet = u.lastFailureAt === undefined || now - u.lastFailureAt > LOCKOUT_RESET_MS
      u.failedAttempts = quiet ? 1 : u.failedAttempts + 1
      u.lastFailureAt = now
      if (u.failedAttempts >= LOCKOUT_FREE_FAILURES) {
        u.lockedUntil = now + Math.min(1000 * 2 ** (u.failedAttempts - LOCKOUT_FREE_FAILURES), LOCKOUT_MAX_MS)
      }
    })
    throw IncorrectCredentials()
  }
  // Only a user with failures on record needs a write: an ordinary sign-in costs no disk I/O.
  if (user.failedAttempts > 0 || user.lockedUntil !== undefined) {
    store.updateUser(user.username, (u) => {
      u.failedAttempts = 0
      u.lastFailureAt = undefined
      u.lockedUntil = undefined
    })
  }
  // The password is checked first: only its owner learns that the account is unconfirmed.
  if (user.status !== 'CONFIRMED') throw UserNotConfirmed()
  return user
}

export const login = (deps: Deps) => {
  const render = (
    c: Context,
    request: AuthorizeRequest,
    extra: { error?: string; username?: string; notice?: string },
    status: 200 | 403 = 200,
  ) => c.html(loginPage({ query: authorizeQuery(request), csrf: csrfToken(c, deps.random), ...extra }), status)

  return new Hono()
    .get('/', (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      const notice =
        c.req.query('notice') === 'password-reset' ? 'Your password has been changed. Sign in with it.' : undefined
      return render(c, request, { notice })
    })
    .post('/', async (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      const form = await formFields(c)
      const username = (form.username ?? '').trim()
      try {
        checkCsrf(c, form._csrf)
      } catch (error) {
        return render(c, request, { error: (error as Error).message, username }, 403)
      }
      try {
        if (!username || !form.password) throw IncorrectCredentials()
        const user = await authenticate(deps, username, form.password)
        return await completeSignIn(c, deps, user, request, { interactive: true })
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error
        return render(c, request, { error: error.message, username })
      }
    })
}
