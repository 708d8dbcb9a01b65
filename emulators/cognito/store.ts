/**
 * The pool's durable state — users and refresh tokens — in one JSON file under COGNITO_DATA_DIR, rewritten
 * atomically after every change. Usernames are case-insensitive (the console default): they are keyed lower-cased
 * and keep the spelling they were registered with. Short-lived state (codes, sessions) lives in memory only.
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

interface State {
  users: Record<string, User>
  refreshTokens: Record<string, RefreshToken>
  revokedOrigins: string[]
}

export interface Store {
  findUser(username: string): User | undefined
  findUserBySub(sub: string): User | undefined
  /** Adds a user unless the name is taken; synchronous, so two simultaneous sign-ups cannot both win. */
  addUser(user: User): boolean
  updateUser(username: string, change: (user: User) => void): User
  listUsers(): User[]
  saveRefreshToken(token: string, record: RefreshToken): void
  findRefreshToken(token: string): RefreshToken | undefined
  revokeOrigin(originJti: string): void
  isOriginRevoked(originJti: string): boolean
}

export function openStore(dataDir: string | undefined): Store {
  const file = dataDir ? path.join(dataDir, 'pool.json') : undefined
  let state: State = { users: {}, refreshTokens: {}, revokedOrigins: [] }
  if (file && existsSync(file)) state = { ...state, ...JSON.parse(readFileSync(file, 'utf8')) }
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const revoked = new Set(state.revokedOrigins)
  const save = () => {
    if (file) writeFileAtomic(file, JSON.stringify({ ...state, revokedOrigins: [...revoked] }))
  }
  const key = (username: string) => username.toLowerCase()

  return {
    findUser: (username) => state.users[key(username)],
    findUserBySub: (sub) => Object.values(state.users).find((u) => u.sub === sub),
    addUser(user) {
      if (state.users[key(user.username)]) return false
      state.users[key(user.username)] = user
      save()
      return true
    },
    updateUser(username, change) {
      const user = state.users[key(username)]
      if (!user) throw new Error(`no user ${username}`)
      change(user)
      save()
      return user
    },
    listUsers: () => Object.values(state.users),
    saveRefreshToken(token, record) {
      state.refreshTokens[token] = record
      save()
    },
    findRefreshToken: (token) => (Object.hasOwn(state.refreshTokens, token) ? state.refreshTokens[token] : undefined),
    revokeOrigin(originJti) {
      revoked.add(originJti)
      for (const record of Object.values(state.refreshTokens)) if (record.originJti === originJti) record.revoked = true
      save()
    },
    isOriginRevoked: (originJti) => revoked.has(originJti),
  }
}
