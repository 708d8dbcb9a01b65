/**
 * `GET|POST /login`: the sign-in form. Credentials are checked like Cognito's USER_PASSWORD_AUTH, with its
 * messages and lockout (specs/cognito.md §10.4–10.5); errors, trigger failures included, appear above the form.
 */
import { authorizeQuery } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { IncorrectCredentials, PasswordAttemptsExceeded, UserNotConfirmed } from '../errors.ts'
import { hostedForm } from '../hosted-form.ts'
import { loginPage } from '../pages.ts'
import { verifyPassword } from '../passwords.ts'
import type { User } from '../pool.ts'
import { completeSignIn, type SignInDeps } from '../sign-in.ts'

const LOCKOUT_FREE_FAILURES = 5
const LOCKOUT_MAX_MS = 15 * 60 * 1000
const LOCKOUT_RESET_MS = 15 * 60 * 1000

/** Checks a password with Cognito's lockout: after 5 failures, 1 s, doubling per failure up to 15 min. */
export async function authenticate(
  { users, clock, config }: Pick<Deps, 'users' | 'clock' | 'config'>,
  username: string,
  password: string,
): Promise<User> {
  const user = users.find(username)
  if (!user) throw IncorrectCredentials()
  const now = clock.now().getTime()
  if (config.lockout && user.lockedUntil !== undefined && user.lockedUntil > now) throw PasswordAttemptsExceeded()
  if (!(await verifyPassword(password, user.passwordHash))) {
    users.update(user.username, (u) => {
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
    users.update(user.username, (u) => {
      u.failedAttempts = 0
      u.lastFailureAt = undefined
      u.lockedUntil = undefined
    })
  }
  // The password is checked first: only its owner learns that the account is unconfirmed.
  if (user.status !== 'CONFIRMED') throw UserNotConfirmed()
  return user
}

export const login = (deps: SignInDeps & Pick<Deps, 'config' | 'random' | 'users'>) =>
  hostedForm(deps, {
    view: (_, request, { fields, ...state }) =>
      loginPage({ query: authorizeQuery(request), ...state, username: fields.username?.trim() }),
    notice: (c) =>
      c.req.query('notice') === 'password-reset' ? 'Your password has been changed. Sign in with it.' : undefined,
    async submit(c, request, fields) {
      const username = (fields.username ?? '').trim()
      if (!username || !fields.password) throw IncorrectCredentials()
      const user = await authenticate(deps, username, fields.password)
      return completeSignIn(c, deps, user, request, { interactive: true })
    },
  })
