/**
 * `GET|POST /forgotPassword` → `GET|POST /confirmforgotPassword` → back to `/login`: a 6-digit code valid 1 hour,
 * then a new password under the same policy (specs/cognito.md §3.4), then the Post Confirmation trigger
 * (`PostConfirmation_ConfirmForgotPassword`, §9.2). Unknown users get the same answer as known ones
 * (PreventUserExistenceErrors). A failing trigger shows its error above the form; the new password stands (ADR 015).
 */
import { authorizeQuery } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { InvalidParameter } from '../errors.ts'
import { hostedForm } from '../hosted-form.ts'
import { confirmForgotPasswordPage, forgotPasswordPage } from '../pages.ts'
import { passwordPolicyError } from '../passwords.ts'

export const forgotPassword = (deps: Pick<Deps, 'config' | 'random' | 'verificationCodes'>) =>
  hostedForm(deps, {
    view: (_, request, state) => forgotPasswordPage({ query: authorizeQuery(request), ...state }),
    async submit(c, request, fields) {
      const username = (fields.username ?? '').trim()
      if (!username) throw InvalidParameter('Username cannot be empty')
      deps.verificationCodes.send(username, 'ForgotPassword')
      return c.redirect(`/confirmforgotPassword?${authorizeQuery(request, { username })}`, 302)
    },
  })

export const confirmForgotPassword = (
  deps: Pick<Deps, 'config' | 'random' | 'users' | 'verificationCodes' | 'passwords' | 'lockout' | 'triggers'>,
) =>
  hostedForm(deps, {
    view(c, request, { fields, ...state }) {
      const username = fields.username ?? c.req.query('username') ?? ''
      return confirmForgotPasswordPage({ query: authorizeQuery(request, { username }), ...state, username })
    },
    async submit(c, request, fields) {
      const password = fields.password ?? ''
      if (password !== (fields.confirmPassword ?? '')) throw InvalidParameter('Passwords do not match')
      const policy = passwordPolicyError(password)
      if (policy) throw policy
      // The code is spent before the slow hash: two submissions of one code cannot both change the password.
      const user = deps.verificationCodes.redeem(fields.username ?? '', 'reset', fields.code ?? '')
      const passwordHash = await deps.passwords.hash(password)
      const changed = deps.users.update(user.username, (u) => {
        u.passwordHash = passwordHash
      })
      deps.lockout.forget(user.username)
      await deps.triggers.postConfirmation(changed, request.clientId, 'PostConfirmation_ConfirmForgotPassword')
      return c.redirect(`/login?${authorizeQuery(request, { notice: 'password-reset' })}`, 302)
    },
  })
