/**
 * The hosted UI's cookies: `XSRF-TOKEN` for the double-submit CSRF check every form carries (Cognito uses a
 * cookie of that name), and the 1-hour HttpOnly `cognito` session cookie that gives silent sign-in at
 * `/oauth2/authorize` until `/logout` (specs/cognito.md §2.4).
 */
import { timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Random } from './deps.ts'
import { InvalidCsrf } from './errors.ts'
import type { HostedSession, HostedSessions } from './hosted-sessions.ts'

const CSRF_COOKIE = 'XSRF-TOKEN'
const SESSION_COOKIE = 'cognito'

export function csrfToken(c: Context, random: Random): string {
  let token = getCookie(c, CSRF_COOKIE)
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
    token = random.token(32)
    setCookie(c, CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax' })
  }
  return token
}

export function checkCsrf(c: Context, submitted: unknown): void {
  const cookie = getCookie(c, CSRF_COOKIE)
  if (typeof submitted !== 'string' || !cookie || submitted.length !== cookie.length) throw InvalidCsrf()
  if (!timingSafeEqual(Buffer.from(submitted), Buffer.from(cookie))) throw InvalidCsrf()
}

export function currentSession(c: Context, sessions: HostedSessions): HostedSession | undefined {
  const id = getCookie(c, SESSION_COOKIE)
  return id ? sessions.find(id) : undefined
}

export function startSession(c: Context, sessions: HostedSessions, username: string, authTime: number): void {
  const { id, maxAge } = sessions.start(username, authTime)
  setCookie(c, SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Lax', maxAge })
}

export function endSession(c: Context, sessions: HostedSessions): void {
  const id = getCookie(c, SESSION_COOKIE)
  if (id) sessions.end(id)
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}

/** Form fields as strings (a File or a repeated field is not a valid value for any hosted-UI field). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') fields[key] = value
  return fields
}
