/** What endpoints may ask for; each endpoint picks the slice it uses (cognito-local's `Pick<Services, …>`). */
import type { Clock } from '../clock.ts'
import type { AuthorizeRequest } from './authorize-request.ts'
import type { CognitoConfig } from './config.ts'
import type { PoolKeys } from './keys.ts'
import type { Store } from './store.ts'
import type { TokenMinter } from './tokens.ts'
import type { ClaimsOverride, Triggers } from './triggers.ts'

export interface AuthorizationCode {
  request: AuthorizeRequest
  username: string
  authTime: number
  overrides: ClaimsOverride
  expiresAt: number
}

export interface HostedSession {
  username: string
  authTime: number
  expiresAt: number
}

export interface OutboxMessage {
  username: string
  email: string
  code: string
  purpose: 'SignUp' | 'ResendCode' | 'ForgotPassword'
  sentAt: string
}

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
  store: Store
  keys: PoolKeys
  mint: TokenMinter
  triggers: Triggers
  codes: Map<string, AuthorizationCode>
  sessions: Map<string, HostedSession>
  outbox: OutboxMessage[]
  random: Random
  log: (line: string) => void
}

export const nowSeconds = (clock: Clock) => Math.floor(clock.now().getTime() / 1000)
