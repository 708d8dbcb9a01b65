/**
 * Signed-in identities. Tokens live in memory; "keep for this tab" also writes them to sessionStorage (this tab
 * only, gone when it closes). Never the persistent origin-wide storage, never logged (client-anchors.md §3).
 * Only verified tokens get here. Several identities can be held at once, to compare what each may read.
 */
import type { HasuraTokenUse } from '../settings.ts'
import type { Verification } from './verify-token.ts'

export interface Identity {
  sub: string
  username: string
  idToken: string
  accessToken: string
  /** Which of the two is sent to Hasura (VITE_HASURA_TOKEN when this identity signed in). */
  hasuraToken: HasuraTokenUse
  /** ms since epoch, from the `exp` of the token sent to Hasura. */
  expiresAt: number
  /** Of the ID token. */
  verification: Verification
  /** Of the access token, verified too when it is the one sent to Hasura. */
  accessVerification?: Verification
  flow: 'token' | 'code'
}

/** The token an identity sends to Hasura, and its verification (payload, header, checks). */
export function hasuraTokenOf(identity: Identity): {
  token: string
  verification?: Verification
  payload: Record<string, unknown>
} {
  const [token, verification] =
    identity.hasuraToken === 'access'
      ? [identity.accessToken, identity.accessVerification]
      : [identity.idToken, identity.verification]
  return { token, verification, payload: verification?.payload ?? {} }
}

export interface SessionState {
  identities: Identity[]
  activeSub?: string
  keepForTab: boolean
}

const KEY = 'cognito-hasura-demo.session'
const EMPTY: SessionState = { identities: [], keepForTab: false }

export function createSessionStore(storage: Storage | undefined) {
  let state: SessionState = EMPTY
  try {
    const saved = storage?.getItem(KEY)
    if (saved) state = { ...EMPTY, ...(JSON.parse(saved) as SessionState), keepForTab: true }
  } catch {
    storage?.removeItem(KEY)
  }
  const listeners = new Set<() => void>()
  const set = (next: SessionState) => {
    state = next
    if (state.keepForTab && state.identities.length > 0) storage?.setItem(KEY, JSON.stringify(state))
    else storage?.removeItem(KEY)
    for (const listener of listeners) listener()
  }
  return {
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    get: () => state,
    active: () => state.identities.find((i) => i.sub === state.activeSub),
    add(identity: Identity) {
      set({
        ...state,
        identities: [...state.identities.filter((i) => i.sub !== identity.sub), identity],
        activeSub: identity.sub,
      })
    },
    setActive(sub: string) {
      if (state.identities.some((i) => i.sub === sub)) set({ ...state, activeSub: sub })
    },
    remove(sub: string) {
      const identities = state.identities.filter((i) => i.sub !== sub)
      set({ ...state, identities, activeSub: state.activeSub === sub ? identities.at(-1)?.sub : state.activeSub })
    },
    setKeepForTab(keepForTab: boolean) {
      set({ ...state, keepForTab })
    },
    /** Forgets every identity and the tab copy. */
    clear() {
      set({ ...EMPTY })
    },
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>
