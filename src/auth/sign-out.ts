/**
 * Ends every local trace of the session before the browser goes to the hosted UI's `/logout` (which ends the
 * Cognito session cookie; client-anchors.md P14): identities, the tab copy, sign-ins in flight, and whatever
 * registered itself (the Apollo caches).
 */
import type { PendingStore } from './pending-auth.ts'
import { sessionStore } from './session-store.ts'

const cleanups = new Set<() => void>()

export function onSignOut(cleanup: () => void): () => void {
  cleanups.add(cleanup)
  return () => cleanups.delete(cleanup)
}

export function signOutLocally(pending: PendingStore): void {
  sessionStore.clear()
  pending.clear()
  for (const cleanup of cleanups) cleanup()
}
