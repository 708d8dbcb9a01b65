/**
 * The SPA's auth state, wired one way: `createAuth` is called once in `main.tsx` and handed down (`AuthContext`).
 * It owns the sign-ins in flight, the signed-in identities, the callback's completion and the local sign-out;
 * nothing under auth/ is a module-level singleton.
 */
import type { Settings } from '../settings.ts'
import type { CallbackParams } from './callback-params.ts'
import { hostedUiUrl, logoutUrl } from './hosted-ui.ts'
import { createPendingStore } from './pending-auth.ts'
import { createSessionStore } from './session-store.ts'
import { type CallbackOutcome, completeCallback, type SignInDeps } from './sign-in.ts'

export interface HostedUiUrls {
  login: string
  signup: string
  logout: string
}

export type AuthOptions = Pick<SignInDeps, 'fetch' | 'keys' | 'now'>

export function createAuth(storage: Storage, settings: Settings, options: AuthOptions = {}) {
  const pending = createPendingStore(storage, options.now)
  const sessions = createSessionStore(storage)
  const cleanups = new Set<() => void>()
  const begin = () => pending.begin(settings.responseType === 'code')

  return {
    sessions,
    /** One sign-in attempt (fresh state, nonce and PKCE verifier) behind both hosted-UI links. */
    async prepareSignIn(): Promise<HostedUiUrls> {
      const attempt = begin()
      return {
        login: await hostedUiUrl(settings, 'login', attempt),
        signup: await hostedUiUrl(settings, 'signup', attempt),
        logout: logoutUrl(settings),
      }
    },
    /**
     * Where to send the browser to sign one more user in from this tab: the hosted UI's `/logout` (ends the Cognito
     * session) that goes straight on to a sign-in. The identities held must survive that trip, so they are kept
     * in this tab's sessionStorage from now on.
     */
    async anotherUserUrl(): Promise<string> {
      sessions.setKeepForTab(true)
      return hostedUiUrl(settings, 'logout', begin())
    },
    /** Verifies what came back to the callback and, only if it holds, keeps the identity. */
    complete(params: CallbackParams | undefined): Promise<CallbackOutcome> {
      return completeCallback(params, { settings, pending, sessions, ...options })
    },
    /** Registers what must be dropped on sign-out (e.g. Apollo caches); returns the unregistration. */
    onSignOut(cleanup: () => void): () => void {
      cleanups.add(cleanup)
      return () => cleanups.delete(cleanup)
    },
    /**
     * Every local trace, before the browser goes to the hosted UI's `/logout` (which ends the Cognito session
     * cookie; client-anchors.md P14): identities, the tab copy, sign-ins in flight, whatever registered itself.
     */
    signOutLocally(): void {
      sessions.clear()
      pending.clear()
      for (const cleanup of cleanups) cleanup()
    },
  }
}

export type Auth = ReturnType<typeof createAuth>
