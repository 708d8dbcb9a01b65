/**
 * Cognito's sign-in lockout (specs/cognito.md §10.5): after 5 failures a name is locked for 1 s, each further
 * failure doubling the lock up to 15 minutes; attempts while locked are answered "Password attempts exceeded"
 * without a password check and do not extend the lock; 15 quiet minutes forget the failures.
 *
 * Attempts on one name run one after the other, so 20 simultaneous guesses cannot all be checked before the lock
 * lands: at most 5 are. Unknown names are counted exactly like known ones, so the lock reveals nothing about who
 * exists. Counters live in memory (docs/decisions/005-cognito-limits-attempts-persistence.md).
 */
import type { Clock } from '../clock.ts'
import { IncorrectCredentials, PasswordAttemptsExceeded } from './errors.ts'
import { ExpiringMap } from './expiring-map.ts'
import { usernameKey } from './pool.ts'

const FREE_FAILURES = 5
const MAX_LOCK_MS = 15 * 60 * 1000
const FORGET_AFTER_MS = 15 * 60 * 1000
const CAPACITY = 10_000

interface Failures {
  count: number
  lockedUntil?: number
}

export interface Lockout {
  /**
   * Runs `check` for `name` unless it is locked, after any attempt on the same name still running. `check` answers
   * what was proven (a user) or `undefined` for a wrong password; the outcome is recorded.
   */
  attempt<T>(name: string, check: () => Promise<T | undefined>): Promise<T>
  /** Forgets the failures of `name` (its password was just reset). */
  forget(name: string): void
}

export function createLockout({ clock, enabled }: { clock: Clock; enabled: boolean }): Lockout {
  const failures = new ExpiringMap<Failures>(clock, CAPACITY)
  const running = new Map<string, Promise<unknown>>()

  async function checkOnce<T>(name: string, check: () => Promise<T | undefined>): Promise<T> {
    const record = failures.get(name)
    if (enabled && record?.lockedUntil !== undefined && record.lockedUntil > clock.now().getTime())
      throw PasswordAttemptsExceeded()
    const proven = await check()
    if (proven !== undefined) {
      failures.delete(name)
      return proven
    }
    const now = clock.now().getTime()
    const count = (record?.count ?? 0) + 1
    const lockedUntil =
      count >= FREE_FAILURES ? now + Math.min(1000 * 2 ** (count - FREE_FAILURES), MAX_LOCK_MS) : undefined
    failures.set(name, { count, lockedUntil }, now + FORGET_AFTER_MS)
    throw IncorrectCredentials()
  }

  return {
    attempt(name, check) {
      const k = usernameKey(name)
      const previous = running.get(k) ?? Promise.resolve()
      const attempt = previous.then(() => checkOnce(k, check))
      const settled = attempt.catch(() => {})
      running.set(k, settled)
      // The last attempt in line clears the queue entry, so idle names hold no memory.
      void settled.then(() => {
        if (running.get(k) === settled) running.delete(k)
      })
      return attempt
    },
    forget: (name) => failures.delete(usernameKey(name)),
  }
}
