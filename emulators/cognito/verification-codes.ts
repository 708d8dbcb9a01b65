/**
 * The pool's one-time codes: the sign-up confirmation code (valid 24 h) and the password-reset code (1 h), six
 * digits each, kept on the user record so they survive a restart, and delivered through the outbox
 * (specs/cognito.md §10.3). A code is spent by its successful use; a newer code replaces an older one.
 */
import type { Clock } from '../clock.ts'
import type { Random } from './deps.ts'
import { CodeMismatch, ExpiredCode } from './errors.ts'
import type { CodePurpose, Outbox } from './outbox.ts'
import type { OneTimeCode, User, Users } from './pool.ts'

export type CodeKind = 'confirmation' | 'reset'

const KIND: Record<CodePurpose, CodeKind> = {
  SignUp: 'confirmation',
  ResendCode: 'confirmation',
  ForgotPassword: 'reset',
}
const TTL_SECONDS: Record<CodeKind, number> = { confirmation: 24 * 3600, reset: 3600 }
const FIELD = { confirmation: 'confirmationCode', reset: 'resetCode' } as const

export interface VerificationCodes {
  /** Sends a fresh code for `purpose` to a known user's e-mail; does nothing for an unknown name. */
  send(username: string, purpose: CodePurpose): void
  /**
   * Spends the user's code of `kind` when `submitted` is it, with Cognito's messages otherwise. An unknown user
   * gets the wrong-code answer (PreventUserExistenceErrors).
   */
  redeem(username: string, kind: CodeKind, submitted: string): User
}

export function createVerificationCodes(deps: {
  users: Users
  outbox: Outbox
  clock: Clock
  random: Random
}): VerificationCodes {
  const { users, outbox, clock, random } = deps
  return {
    send(username, purpose) {
      const kind = KIND[purpose]
      const code: OneTimeCode = {
        code: random.digits(6),
        expiresAt: clock.now().getTime() + TTL_SECONDS[kind] * 1000,
      }
      if (!users.find(username)) return
      const user = users.update(username, (u) => {
        u[FIELD[kind]] = code
      })
      outbox.deliver({ username: user.username, email: user.email, code: code.code, purpose })
    },
    redeem(username, kind, submitted) {
      const user = users.find(username)
      if (!user) throw CodeMismatch()
      const stored = user[FIELD[kind]]
      if (!stored) throw ExpiredCode()
      if (stored.code !== submitted.trim()) throw CodeMismatch()
      if (stored.expiresAt <= clock.now().getTime()) throw ExpiredCode()
      return users.update(user.username, (u) => {
        u[FIELD[kind]] = undefined
      })
    },
  }
}
