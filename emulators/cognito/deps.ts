/**
 * What endpoints may ask for; each endpoint picks the slice it uses (cognito-local's `Pick<Services, …>`). Every
 * piece of state has one owner with a narrow interface: the pool (users, refresh tokens), authorization codes,
 * hosted sessions, verification codes, the outbox, the lockout; password hashing is bounded in one place.
 */
import type { Clock } from '../clock.ts'
import type { AuthorizationCodes } from './authorization-codes.ts'
import type { CognitoConfig } from './config.ts'
import type { HostedSessions } from './hosted-sessions.ts'
import type { PoolKeys } from './keys.ts'
import type { Lockout } from './lockout.ts'
import type { Outbox } from './outbox.ts'
import type { PasswordHasher } from './passwords.ts'
import type { RefreshTokens, Users } from './pool.ts'
import type { TokenMinter } from './tokens.ts'
import type { Triggers } from './triggers.ts'
import type { VerificationCodes } from './verification-codes.ts'

export interface Random {
  /** URL-safe random text of `bytes` bytes of entropy. */
  token(bytes: number): string
  uuid(): string
  /** A decimal code of `length` digits. */
  digits(length: number): string
}

export interface Deps {
  config: CognitoConfig
  clock: Clock
  random: Random
  log: (line: string) => void
  users: Users
  refreshTokens: RefreshTokens
  passwords: PasswordHasher
  lockout: Lockout
  keys: PoolKeys
  mint: TokenMinter
  triggers: Triggers
  authorizationCodes: AuthorizationCodes
  hostedSessions: HostedSessions
  verificationCodes: VerificationCodes
  outbox: Outbox
}

export const nowSeconds = (clock: Clock) => Math.floor(clock.now().getTime() / 1000)
