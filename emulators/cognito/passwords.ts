/**
 * Cognito's default password policy with its exact messages (specs/cognito.md §10.1), and password hashing with
 * scrypt (`scrypt$N$r$p$salt$hash`).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { type CognitoError, InvalidParameter, InvalidPassword } from './errors.ts'

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>

/** The hosted UI's special characters (space counts as special too). */
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/

export const PASSWORD_RULES = [
  { hint: 'Password must contain a lower case letter', test: (p: string) => /[a-z]/.test(p) },
  { hint: 'Password must contain an upper case letter', test: (p: string) => /[A-Z]/.test(p) },
  { hint: 'Password must contain a number', test: (p: string) => /[0-9]/.test(p) },
  { hint: 'Password must contain a special character', test: (p: string) => SYMBOL.test(p) },
  { hint: 'Password must contain at least 8 characters', test: (p: string) => p.length >= 8 },
]

/**
 * The first policy failure as Cognito reports it: a length outside 6–256 fails the API's parameter validation
 * (InvalidParameterException); the pool's policy is checked after it (InvalidPasswordException).
 */
export function passwordPolicyError(password: string): CognitoError | undefined {
  if (password.length < 6) {
    return InvalidParameter(
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 6",
    )
  }
  if (password.length > 256) {
    return InvalidParameter(
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256",
    )
  }
  const prefix = 'Password did not conform with policy: '
  if (password.length < 8) return InvalidPassword(`${prefix}Password not long enough`)
  if (!/[a-z]/.test(password)) return InvalidPassword(`${prefix}Password must have lowercase characters`)
  if (!/[A-Z]/.test(password)) return InvalidPassword(`${prefix}Password must have uppercase characters`)
  if (!/[0-9]/.test(password)) return InvalidPassword(`${prefix}Password must have numeric characters`)
  if (!SYMBOL.test(password)) return InvalidPassword(`${prefix}Password must have symbol characters`)
  return undefined
}

const KEY_LENGTH = 32

export interface PasswordHasher {
  hash(password: string): Promise<string>
  /**
   * Whether `password` is the one behind `stored`. Without a stored hash (an unknown user) it checks against a
   * hash nobody's password matches, at the same cost: unknown and known users take the same time.
   */
  verify(password: string, stored: string | undefined): Promise<boolean>
}

/**
 * scrypt on libuv's thread pool, at most `concurrency` hashes at a time. Unbounded, 200 simultaneous sign-ins queue
 * 200 hashes on the pool's 4 threads, and everything else that needs a thread — the `localhost` DNS lookup of a
 * trigger's fetch, file I/O — waits behind all of them (measured: 11.5 s for one `dns.lookup`). A real pool hashes
 * elsewhere; bounding the stand-in's own hashing keeps threads free for what it runs on Cognito's behalf.
 */
export function createPasswordHasher({ cost, concurrency }: { cost: number; concurrency: number }): PasswordHasher {
  const limited = concurrencyLimit(concurrency)
  const derive = (password: string, salt: Buffer, length: number, n: number, r: number, p: number) =>
    limited(() => scryptAsync(password, salt, length, { N: n, r, p, maxmem: 256 * n * r }))
  const random = (bytes: number) => randomBytes(bytes).toString('base64')
  const unmatchable = `scrypt$${cost}$8$1$${random(16)}$${random(KEY_LENGTH)}`
  return {
    async hash(password) {
      const salt = randomBytes(16)
      const hash = await derive(password, salt, KEY_LENGTH, cost, 8, 1)
      return `scrypt$${cost}$8$1$${salt.toString('base64')}$${hash.toString('base64')}`
    },
    async verify(password, stored = unmatchable) {
      // Hashes are self-describing: a user keeps the cost their password was hashed with.
      const [scheme, n, r, p, salt, hash] = stored.split('$')
      if (scheme !== 'scrypt' || !salt || !hash) return false
      const expected = Buffer.from(hash, 'base64')
      const actual = await derive(
        password,
        Buffer.from(salt, 'base64'),
        expected.length,
        Number(n),
        Number(r),
        Number(p),
      )
      return timingSafeEqual(actual, expected) && stored !== unmatchable
    },
  }
}

/** Runs at most `limit` tasks at once; the others wait their turn in arrival order. */
export function concurrencyLimit(limit: number) {
  let running = 0
  const waiting: (() => void)[] = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < limit) running += 1
    else await new Promise<void>((resolve) => waiting.push(resolve))
    try {
      return await task()
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = waiting.shift()
      if (next) next()
      else running -= 1
    }
  }
}
