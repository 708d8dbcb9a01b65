/**
 * `GET|POST /signup` → `/confirm`: a new, unconfirmed user with `email` as the required attribute, Cognito's
 * password policy and messages, and a 6-digit code (valid 24 h) in the local outbox (specs/cognito.md §3.2, §10).
 */
import { authorizeQuery } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { hostedForm } from '../hosted-form.ts'
import { signupPage } from '../pages.ts'
import { register } from '../registration.ts'

export const signup = (deps: Pick<Deps, 'config' | 'random' | 'clock' | 'users' | 'passwords' | 'verificationCodes'>) =>
  hostedForm(deps, {
    view: (_, request, { fields, ...state }) =>
      signupPage({
        query: authorizeQuery(request),
        ...state,
        username: fields.username?.trim(),
        email: fields['requiredAttributes[email]']?.trim(),
      }),
    async submit(c, request, fields) {
      const user = await register(
        deps,
        {
          username: (fields.username ?? '').trim(),
          email: (fields['requiredAttributes[email]'] ?? '').trim(),
          password: fields.password ?? '',
        },
        false,
      )
      deps.verificationCodes.send(user.username, 'SignUp')
      return c.redirect(`/confirm?${authorizeQuery(request, { username: user.username })}`, 302)
    },
  })
