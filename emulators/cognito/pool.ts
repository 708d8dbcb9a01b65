/**
 * The pool's durable state — users and refresh tokens — under COGNITO_DATA_DIR in one JSON file, rewritten
 * atomically after every change. Usernames are case-insensitive (the console default): they are keyed lower-cased
 * and keep the spelling they were registered with. Short-lived state (authorization codes, hosted sessions) lives
 * in memory only, in its own module.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from './persist.ts'

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
  failedAttempts: number
  lastFailureAt?: number
  lockedUntil?: number
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
  revoked: boolean
}

export interface Users {
  find(username: string): User | undefined
  findBySub(sub: string): User | undefined
  /** Adds a user unless the name is taken; synchronous, so two simultaneous sign-ups cannot both win. */
  add(user: User): boolean
  update(username: string, change: (user: User) => void): User
  list(): User[]
}

export interface RefreshTokens {
  save(token: string, record: RefreshToken): void
  find(token: string): RefreshToken | undefined
  /** Revokes every refresh token of one authentication, and with them its access tokens. */
  revokeOrigin(originJti: string): void
  isOriginRevoked(originJti: string): boolean
}

export interface Pool {
  users: Users
  refreshTokens: RefreshTokens
}

interface PoolFile {
  users: Record<string, User>
  refreshTokens: Record<string, RefreshToken>
  revokedOrigins: string[]
}

const key = (username: string) => username.toLowerCase()

export function openPool(dataDir: string | undefined): Pool {
  const file = dataDir ? path.join(dataDir, 'pool.json') : undefined
  const users = new Map<string, User>()
  const bySub = new Map<string, User>()
  const refreshTokens = new Map<string, RefreshToken>()
  const revoked = new Set<string>()
  if (file && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<PoolFile>
    for (const user of Object.values(stored.users ?? {})) {
      users.set(key(user.username), user)
      bySub.set(user.sub, user)
    }
    for (const [token, record] of Object.entries(stored.refreshTokens ?? {})) refreshTokens.set(token, record)
    for (const origin of stored.revokedOrigins ?? []) revoked.add(origin)
  }
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const save = () => {
    if (!file) return
    const state: PoolFile = {
      users: Object.fromEntries(users),
      refreshTokens: Object.fromEntries(refreshTokens),
      revokedOrigins: [...revoked],
    }
    writeFileAtomic(file, JSON.stringify(state))
  }

  return {
    users: {
      find: (username) => users.get(key(username)),
      findBySub: (sub) => bySub.get(sub),
      add(user) {
        if (users.has(key(user.username))) return false
        users.set(key(user.username), user)
        bySub.set(user.sub, user)
        save()
        return true
      },
      update(username, change) {
        const user = users.get(key(username))
        if (!user) throw new Error(`no user ${username}`)
        change(user)
        save()
        return user
      },
      list: () => [...users.values()],
    },
    refreshTokens: {
      save(token, record) {
        refreshTokens.set(token, record)
        save()
      },
      find: (token) => refreshTokens.get(token),
      revokeOrigin(originJti) {
        revoked.add(originJti)
        for (const record of refreshTokens.values()) if (record.originJti === originJti) record.revoked = true
        save()
      },
      isOriginRevoked: (originJti) => revoked.has(originJti),
    },
  }
}
