/**
 * The pool's durable state — users and refresh tokens — under COGNITO_DATA_DIR as a snapshot (`pool.json`) and a
 * journal of changes (`pool.journal`, journal.ts). Usernames are case-insensitive (the console default): they are
 * keyed lower-cased and keep the spelling they were registered with. Refresh tokens are kept only as SHA-256
 * hashes: the files hold nothing a client could present. Short-lived state (authorization codes, hosted sessions,
 * attempt counters) lives in memory, in its own modules.
 */
import { createHash } from 'node:crypto'
import type { Clock } from '../clock.ts'
import { openJournal } from './journal.ts'

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED'

export interface OneTimeCode {
  code: string
  expiresAt: number
}

export interface User {
  username: string
  sub: string
  email: string
  emailVerified: boolean
  status: UserStatus
  passwordHash: string
  createdAt: number
  confirmationCode?: OneTimeCode
  resetCode?: OneTimeCode
}

export interface RefreshToken {
  username: string
  clientId: string
  scopes: string[]
  originJti: string
  authTime: number
  expiresAt: number
}

export interface Users {
  find(username: string): User | undefined
  findBySub(sub: string): User | undefined
  /** Adds a user unless the name is taken; synchronous, so two simultaneous sign-ups cannot both win. */
  add(user: User): boolean
  update(username: string, change: (user: User) => void): User
  list(): User[]
  /** Costs what a change costs and changes nothing: answers about unknown names take as long as about known ones. */
  writeNothing(): void
}

export interface RefreshTokens {
  save(token: string, record: RefreshToken): void
  /** The record of a live token: known, unexpired and not revoked. */
  find(token: string): RefreshToken | undefined
  /** Revokes every refresh token of one authentication, and with them its access tokens. */
  revokeOrigin(originJti: string): void
  isOriginRevoked(originJti: string): boolean
}

export interface Pool {
  users: Users
  refreshTokens: RefreshTokens
  close(): void
}

type Entry =
  | { nothing: true }
  | { user: User }
  | { refreshToken: string; record: RefreshToken }
  | { revokedOrigin: string; at: number }

interface Snapshot {
  format: 2
  users: User[]
  refreshTokens: [string, RefreshToken][]
  revokedOrigins: [string, number][]
}

/** The first snapshot format: refresh tokens in clear, keyed by the token. */
interface LegacySnapshot {
  users?: Record<string, User>
  refreshTokens?: Record<string, RefreshToken & { revoked?: boolean }>
  revokedOrigins?: string[]
}

/** Cognito's longest access-token validity: a revocation older than this has nothing left to revoke. */
const ACCESS_TOKEN_MAX_MS = 24 * 3600 * 1000

/** Usernames are case-insensitive: every per-name record (users, attempt counters) is keyed by this. */
export const usernameKey = (username: string) => username.toLowerCase()
const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url')

export function openPool(
  dataDir: string | undefined,
  { clock, log }: { clock: Clock; log: (line: string) => void },
): Pool {
  const users = new Map<string, User>()
  const bySub = new Map<string, User>()
  const refreshTokens = new Map<string, RefreshToken>()
  const revokedOrigins = new Map<string, number>()

  const putUser = (user: User) => {
    const previous = users.get(usernameKey(user.username))
    if (previous) bySub.delete(previous.sub)
    users.set(usernameKey(user.username), user)
    bySub.set(user.sub, user)
  }
  const revoke = (originJti: string, at: number) => {
    revokedOrigins.set(originJti, at)
    for (const [hash, record] of refreshTokens) if (record.originJti === originJti) refreshTokens.delete(hash)
  }
  const apply = (entry: Entry) => {
    if ('nothing' in entry) return
    if ('user' in entry) putUser(entry.user)
    else if ('refreshToken' in entry) refreshTokens.set(entry.refreshToken, entry.record)
    else revoke(entry.revokedOrigin, entry.at)
  }
  let migrated = false
  const load = (stored: Snapshot | LegacySnapshot) => {
    if ('format' in stored) {
      for (const user of stored.users) putUser(user)
      for (const [hash, record] of stored.refreshTokens) refreshTokens.set(hash, record)
      for (const [origin, at] of stored.revokedOrigins) revokedOrigins.set(origin, at)
      return
    }
    migrated = true
    for (const user of Object.values(stored.users ?? {})) putUser(user)
    for (const [token, { revoked, ...record }] of Object.entries(stored.refreshTokens ?? {}))
      if (!revoked) refreshTokens.set(tokenHash(token), record)
    for (const origin of stored.revokedOrigins ?? []) revokedOrigins.set(origin, clock.now().getTime())
  }
  const snapshot = (): Snapshot => {
    const now = clock.now().getTime()
    // Compaction is also where expired records are dropped.
    for (const [hash, record] of refreshTokens) if (record.expiresAt <= now) refreshTokens.delete(hash)
    for (const [origin, at] of revokedOrigins) if (at + ACCESS_TOKEN_MAX_MS <= now) revokedOrigins.delete(origin)
    return {
      format: 2,
      users: [...users.values()],
      refreshTokens: [...refreshTokens],
      revokedOrigins: [...revokedOrigins],
    }
  }

  /** On disk first, then in memory: a failed write changes nothing. */
  let persist = (_: Entry, applyInMemory: () => void) => applyInMemory()
  let close = () => {}
  if (dataDir) {
    const { journal, tornBytes } = openJournal<Entry>({
      dir: dataDir,
      name: 'pool',
      load: (stored) => load(stored as Snapshot | LegacySnapshot),
      apply,
      snapshot,
      size: () => users.size + refreshTokens.size,
    })
    if (tornBytes > 0)
      log(`[cognito] pool.journal: dropped a torn last line (${tornBytes} bytes, a write cut short by a crash)`)
    if (migrated) journal.compact()
    persist = (entry, applyInMemory) => {
      journal.append(entry)
      applyInMemory()
      journal.compactIfDue()
    }
    close = () => journal.close()
  }

  return {
    users: {
      find: (username) => users.get(usernameKey(username)),
      findBySub: (sub) => bySub.get(sub),
      add(user) {
        if (users.has(usernameKey(user.username))) return false
        persist({ user }, () => putUser(user))
        return true
      },
      update(username, change) {
        const current = users.get(usernameKey(username))
        if (!current) throw new Error(`no user ${username}`)
        const user = structuredClone(current)
        change(user)
        persist({ user }, () => putUser(user))
        return user
      },
      list: () => [...users.values()],
      writeNothing: () => persist({ nothing: true }, () => {}),
    },
    refreshTokens: {
      save(token, record) {
        const hash = tokenHash(token)
        persist({ refreshToken: hash, record }, () => refreshTokens.set(hash, record))
      },
      find(token) {
        const record = refreshTokens.get(tokenHash(token))
        return record && record.expiresAt > clock.now().getTime() ? record : undefined
      },
      revokeOrigin(originJti) {
        const at = clock.now().getTime()
        persist({ revokedOrigin: originJti, at }, () => revoke(originJti, at))
      },
      isOriginRevoked: (originJti) => revokedOrigins.has(originJti),
    },
    close,
  }
}
