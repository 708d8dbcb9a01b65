/**
 * The hosted UI's sign-in sessions: who signed in and when, for 1 hour (not configurable in Cognito,
 * specs/cognito.md §2.4), found again by the opaque id the `cognito` cookie carries. In memory only, swept when
 * expired and capped (a full map signs out its oldest session).
 */
import type { Deps } from './deps.ts'
import { ExpiringMap } from './expiring-map.ts'

export interface HostedSession {
  username: string
  authTime: number
}

const CAPACITY = 10_000

export interface HostedSessions {
  /** A new session; its id and lifetime in seconds, for the cookie. */
  start(username: string, authTime: number): { id: string; maxAge: number }
  /** The live session behind `id`, if any. */
  find(id: string): HostedSession | undefined
  end(id: string): void
}

export function createHostedSessions(deps: Pick<Deps, 'clock' | 'random' | 'config'>): HostedSessions {
  const { clock, random, config } = deps
  const sessions = new ExpiringMap<HostedSession>(clock, CAPACITY)
  return {
    start(username, authTime) {
      const id = random.token(32)
      const maxAge = config.validity.session
      sessions.set(id, { username, authTime }, clock.now().getTime() + maxAge * 1000)
      return { id, maxAge }
    },
    find: (id) => sessions.get(id),
    end: (id) => {
      sessions.delete(id)
    },
  }
}
