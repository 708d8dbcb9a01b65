/**
 * `GET|POST /confirm` and `GET /resendcode`: the sign-up code. A good code confirms the user, verifies the
 * e-mail and signs them in, as Cognito's hosted UI does after sign-up (specs/cognito.md §3.2).
 */
import { type Context, Hono } from 'hono'
import { type AuthorizeRequest, authorizeQuery, pageRequest } from '../authorize-request.ts'
import type { Deps, OutboxMessage } from '../deps.ts'
import { CodeMismatch, CognitoError, ExpiredCode } from '../errors.ts'
import { confirmPage } from '../pages.ts'
import { completeSignIn } from '../sign-in.ts'
import type { OneTimeCode, User } from '../store.ts'
import { checkCsrf, csrfToken, formFields } from '../web-session.ts'

const CODE_TTL: Record<OutboxMessage['purpose'], number> = {
  SignUp: 24 * 3600,
  ResendCode: 24 * 3600,
  ForgotPassword: 3600,
}

/** Cognito's masking of a delivery destination: `a***@e***`. */
export const maskEmail = (email: string) => {
  const [local = '', domain = ''] = email.split('@')
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`
}

/** Issues a fresh 6-digit code to the user's e-mail: the local outbox and the console stand in for SES. */
export function sendCode(deps: Deps, username: string, purpose: OutboxMessage['purpose']): User {
  const code: OneTimeCode = {
    code: deps.random.digits(6),
    expiresAt: deps.clock.now().getTime() + CODE_TTL[purpose] * 1000,
  }
  const user = deps.store.updateUser(username, (u) => {
    if (purpose === 'ForgotPassword') u.resetCode = code
    else u.confirmationCode = code
  })
  deps.outbox.push({
    username: user.username,
    email: user.email,
    code: code.code,
    purpose,
    sentAt: deps.clock.now().toISOString(),
  })
  if (deps.outbox.length > 500) deps.outbox.shift()
  deps.log(`[cognito] ${purpose} code for ${user.username} <${user.email}>: ${code.code}`)
  return user
}

/** Checks a one-time code with Cognito's two messages; a used code is gone. */
export function checkCode(deps: Pick<Deps, 'clock'>, stored: OneTimeCode | undefined, submitted: string): void {
  if (!stored) throw ExpiredCode()
  if (stored.code !== submitted.trim()) throw CodeMismatch()
  if (stored.expiresAt <= deps.clock.now().getTime()) throw ExpiredCode()
}

export const confirm = (deps: Deps) => {
  const render = (
    c: Context,
    request: AuthorizeRequest,
    username: string,
    extra: { error?: string; notice?: string },
    status: 200 | 403 = 200,
  ) => {
    const user = deps.store.findUser(username)
    return c.html(
      confirmPage({
        query: authorizeQuery(request, { username }),
        csrf: csrfToken(c, deps.random),
        username,
        destination: user ? maskEmail(user.email) : 'your e-mail',
        ...extra,
      }),
      status,
    )
  }

  return new Hono()
    .get('/', (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      const notice = c.req.query('resent') ? 'A new code has been sent.' : undefined
      return render(c, request, c.req.query('username') ?? '', { notice })
    })
    .post('/', async (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      const form = await formFields(c)
      const username = form.username ?? c.req.query('username') ?? ''
      try {
        checkCsrf(c, form._csrf)
      } catch (error) {
        return render(c, request, username, { error: (error as Error).message }, 403)
      }
      try {
        const user = deps.store.findUser(username)
        // With PreventUserExistenceErrors an unknown user looks like a wrong code.
        if (!user) throw CodeMismatch()
        if (user.status === 'CONFIRMED') {
          throw new CognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED')
        }
        checkCode(deps, user.confirmationCode, form.code ?? '')
        const confirmed = deps.store.updateUser(user.username, (u) => {
          u.status = 'CONFIRMED'
          u.emailVerified = true
          u.confirmationCode = undefined
        })
        return await completeSignIn(c, deps, confirmed, request, { interactive: true })
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error
        return render(c, request, username, { error: error.message })
      }
    })
}

export const resendCode = (deps: Deps) =>
  new Hono().get('/', (c) => {
    const request = pageRequest(c, deps.config)
    if (request instanceof Response) return request
    const username = c.req.query('username') ?? ''
    const user = deps.store.findUser(username)
    if (user && user.status !== 'CONFIRMED') sendCode(deps, user.username, 'ResendCode')
    return c.redirect(`/confirm?${authorizeQuery(request, { username, resent: '1' })}`, 302)
  })
