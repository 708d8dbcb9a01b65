/**
 * `GET|POST /login`: the sign-in form. Credentials are checked like Cognito's USER_PASSWORD_AUTH, with its
 * messages and lockout (specs/cognito.md §10.4–10.5); errors, trigger failures included, appear above the form.
 */
import { authorizeQuery } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { IncorrectCredentials, UserNotConfirmed } from '../errors.ts'
import { hostedForm } from '../hosted-form.ts'
import { loginPage } from '../pages.ts'
import type { User } from '../pool.ts'
import { completeSignIn, type SignInDeps } from '../sign-in.ts'

/**
 * Checks a password like USER_PASSWORD_AUTH: under the lockout, at the same cost whether or not the user exists,
 * and only then — so that only the password's owner learns it — whether the account is confirmed.
 */
export async function authenticate(
  { users, passwords, lockout }: Pick<Deps, 'users' | 'passwords' | 'lockout'>,
  username: string,
  password: string,
): Promise<User> {
  const user = await lockout.attempt(username, async () => {
    const found = users.find(username)
    return (await passwords.verify(password, found?.passwordHash)) ? found : undefined
  })
  if (user.status !== 'CONFIRMED') throw UserNotConfirmed()
  return user
}

export const login = (deps: SignInDeps & Pick<Deps, 'config' | 'random' | 'users' | 'passwords' | 'lockout'>) =>
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
