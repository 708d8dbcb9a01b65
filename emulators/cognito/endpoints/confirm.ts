/**
 * `GET|POST /confirm` and `GET /resendcode`: the sign-up code. A good code confirms the user and verifies the e-mail,
 * then the Post Confirmation trigger runs (`PostConfirmation_ConfirmSignUp`), then the hosted UI signs the new user in
 * as Cognito's does after sign-up (specs/cognito.md §3.2, §9.2). A failing trigger shows its error above the form and
 * nobody is signed in; the confirmation stands (ADR 015).
 */
import { Hono } from 'hono'
import { authorizeQuery, pageRequest } from '../authorize-request.ts'
import type { Deps } from '../deps.ts'
import { AlreadyConfirmed } from '../errors.ts'
import { hostedForm } from '../hosted-form.ts'
import { maskEmail } from '../outbox.ts'
import { confirmPage } from '../pages.ts'
import { completeSignIn, type SignInDeps } from '../sign-in.ts'

export const confirm = (deps: SignInDeps & Pick<Deps, 'config' | 'random' | 'users' | 'verificationCodes'>) =>
  hostedForm(deps, {
    view(c, request, { fields, ...state }) {
      const username = fields.username ?? c.req.query('username') ?? ''
      const user = deps.users.find(username)
      return confirmPage({
        query: authorizeQuery(request, { username }),
        ...state,
        username,
        destination: user ? maskEmail(user.email) : 'your e-mail',
      })
    },
    notice: (c) => (c.req.query('resent') ? 'A new code has been sent.' : undefined),
    async submit(c, request, fields) {
      const username = fields.username ?? c.req.query('username') ?? ''
      if (deps.users.find(username)?.status === 'CONFIRMED') throw AlreadyConfirmed()
      const redeemed = deps.verificationCodes.redeem(username, 'confirmation', fields.code ?? '')
      const confirmed = deps.users.update(redeemed.username, (u) => {
        u.status = 'CONFIRMED'
        u.emailVerified = true
      })
      await deps.triggers.postConfirmation(confirmed, request.clientId, 'PostConfirmation_ConfirmSignUp')
      return completeSignIn(c, deps, confirmed, request, { interactive: true })
    },
  })

export const resendCode = (deps: Pick<Deps, 'config' | 'users' | 'verificationCodes'>) =>
  new Hono().get('/', (c) => {
    const request = pageRequest(c, deps.config)
    if (request instanceof Response) return request
    const username = c.req.query('username') ?? ''
    if (deps.users.find(username)?.status === 'CONFIRMED') deps.users.writeNothing()
    else deps.verificationCodes.send(username, 'ResendCode')
    return c.redirect(`/confirm?${authorizeQuery(request, { username, resent: '1' })}`, 302)
  })
