/**
 * The pool's one-time codes: the sign-up confirmation code (valid 24 h) and the password-reset code (1 h), six
 * digits each, kept on the user record so they survive a restart, and delivered through the outbox
 * (specs/cognito.md §10.3). A code is spent by its use; a newer code replaces an older one.
 *
 * Guessing is bounded: after 5 wrong codes for a name, every further try is answered "Attempt limit exceeded"
 * until a new code is sent. Unknown names, and names with no code pending, are answered and counted exactly like a
 * wrong code, so nothing tells who exists. Counters live in memory
 * (docs/decisions/005-cognito-limits-attempts-persistence.md).
 */
import type { Deps } from './deps.ts'
import { CodeAttemptsExceeded, CodeMismatch, ExpiredCode } from './errors.ts'
import { ExpiringMap } from './expiring-map.ts'
import type { CodePurpose } from './outbox.ts'
import { type OneTimeCode, type User, usernameKey } from './pool.ts'

export type CodeKind = 'confirmation' | 'reset'

const KIND: Record<CodePurpose, CodeKind> = {
  SignUp: 'confirmation',
  ResendCode: 'confirmation',
  ForgotPassword: 'reset',
}
const TTL_SECONDS: Record<CodeKind, number> = { confirmation: 24 * 3600, reset: 3600 }
const FIELD = { confirmation: 'confirmationCode', reset: 'resetCode' } as const
const MAX_WRONG = 5
const CAPACITY = 10_000

export interface VerificationCodes {
  /** Sends a fresh code for `purpose` to a known user's e-mail (nothing is sent for an unknown name). */
  send(username: string, purpose: CodePurpose): void
  /** Spends the user's code of `kind` when `submitted` is it; throws Cognito's error otherwise. */
  redeem(username: string, kind: CodeKind, submitted: string): User
}

export function createVerificationCodes(deps: Pick<Deps, 'users' | 'outbox' | 'clock' | 'random'>): VerificationCodes {
  const { users, outbox, clock, random } = deps
  const wrong = new ExpiringMap<number>(clock, CAPACITY)
  const counter = (username: string, kind: CodeKind) => `${kind}:${usernameKey(username)}`
  return {
    send(username, purpose) {
      const kind = KIND[purpose]
      wrong.delete(counter(username, kind))
      if (!users.find(username)) return users.writeNothing()
      const code: OneTimeCode = { code: random.digits(6), expiresAt: clock.now().getTime() + TTL_SECONDS[kind] * 1000 }
      const user = users.update(username, (u) => {
        u[FIELD[kind]] = code
      })
      outbox.deliver({ username: user.username, email: user.email, code: code.code, purpose })
    },
    redeem(username, kind, submitted) {
      const key = counter(username, kind)
      const misses = wrong.get(key) ?? 0
      if (misses >= MAX_WRONG) throw CodeAttemptsExceeded()
      const user = users.find(username)
      const stored = user?.[FIELD[kind]]
      if (!user || !stored || stored.code !== submitted.trim()) {
        // Remembered as long as the longest-lived code could be tried.
        wrong.set(key, misses + 1, clock.now().getTime() + TTL_SECONDS.confirmation * 1000)
        throw CodeMismatch()
      }
      if (stored.expiresAt <= clock.now().getTime()) throw ExpiredCode()
      wrong.delete(key)
      return users.update(user.username, (u) => {
        u[FIELD[kind]] = undefined
      })
    },
  }
}
