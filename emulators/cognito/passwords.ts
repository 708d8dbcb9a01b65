/**
 * Cognito's default password policy with its exact messages (specs/cognito.md §10.1), and password hashing with
 * scrypt. Hashes are self-describing (`scrypt$N$r$p$salt$hash`) so the cost can change without breaking old users.
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

export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scryptAsync(password, salt, KEY_LENGTH, { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 })
  return `scrypt$${cost}$8$1$${salt.toString('base64')}$${hash.toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * Number(n) * Number(r),
  })
  return timingSafeEqual(actual, expected)
}
