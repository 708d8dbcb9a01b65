/**
 * The `state`, `nonce` and PKCE verifier of sign-ins in flight. They must survive the trip to the hosted UI, so
 * they live in sessionStorage (this tab only, gone with it); each is single use and expires after 10 minutes.
 * A consumed state is remembered (as a SHA-256 digest, not the value) so a replay is told apart from a forgery.
 */
import { base64url, randomToken } from './random.ts'

export interface PendingAuth {
  state: string
  nonce: string
  codeVerifier?: string
  createdAt: number
}

export type ConsumeResult =
  | { ok: true; pending: PendingAuth }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'used' }

const KEY = 'cognito-hasura-demo.pending-auth'
const USED_KEY = 'cognito-hasura-demo.used-states'
export const PENDING_TTL_MS = 10 * 60 * 1000

function read<T>(storage: Storage, key: string, fallback: T): T {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null') ?? fallback
  } catch {
    return fallback
  }
}

async function digest(state: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(state))))
}

export function createPendingStore(storage: Storage, now: () => number = Date.now) {
  const live = () => read<PendingAuth[]>(storage, KEY, []).filter((p) => now() - p.createdAt < PENDING_TTL_MS)
  return {
    /** Starts a sign-in attempt: fresh 256-bit state and nonce (and a PKCE verifier for the code flow). */
    begin(withPkce: boolean): PendingAuth {
      const pending: PendingAuth = { state: randomToken(), nonce: randomToken(), createdAt: now() }
      if (withPkce) pending.codeVerifier = randomToken(48)
      storage.setItem(KEY, JSON.stringify([...live(), pending].slice(-10)))
      return pending
    },
    /** Takes the attempt a callback's `state` names; after this it cannot be used again. */
    async consume(state: string | undefined): Promise<ConsumeResult> {
      if (!state) return { ok: false, reason: 'missing' }
      const all = read<PendingAuth[]>(storage, KEY, [])
      const match = all.find((p) => p.state === state)
      const hash = await digest(state)
      const used = read<{ hash: string; at: number }[]>(storage, USED_KEY, []).filter(
        (u) => now() - u.at < PENDING_TTL_MS,
      )
      storage.setItem(KEY, JSON.stringify(live().filter((p) => p.state !== state)))
      if (!match) return { ok: false, reason: used.some((u) => u.hash === hash) ? 'used' : 'unknown' }
      storage.setItem(USED_KEY, JSON.stringify([...used, { hash, at: now() }].slice(-20)))
      if (now() - match.createdAt >= PENDING_TTL_MS) return { ok: false, reason: 'expired' }
      return { ok: true, pending: match }
    },
    clear(): void {
      storage.removeItem(KEY)
      storage.removeItem(USED_KEY)
    },
  }
}

export type PendingStore = ReturnType<typeof createPendingStore>

export const STATE_PROBLEMS: Record<Exclude<ConsumeResult, { ok: true }>['reason'], string> = {
  missing: 'the response carries no state, so it cannot be tied to a sign-in this tab started',
  unknown: 'the state does not belong to any sign-in started in this tab (a forged or foreign response)',
  expired: 'the sign-in was started more than 10 minutes ago',
  used: 'this state was already used: the response is a replay',
}
