/** The token timeline of an identity, its code loaded on first use (it is not needed to paint the verdict). */

import type { Identity } from '../auth/session-store.ts'
import { decodeToken } from '../auth/verify-token.ts'
import { lazyModule } from '../lazy-module.ts'
import { Lazy } from './lazy.tsx'

export const loadTokenTimeline = lazyModule(() => import('./token-timeline.tsx'))

/** The access token's payload: verified when it is the one Hasura is sent, else bound to the ID token (`at_hash`). */
function accessPayload(identity: Identity): Record<string, unknown> | undefined {
  if (identity.accessVerification?.payload) return identity.accessVerification.payload
  try {
    return decodeToken(identity.accessToken).payload
  } catch {
    return undefined
  }
}

export function LazyTokenTimeline({ identity }: { identity: Identity }) {
  const access = accessPayload(identity)
  const tokens = [
    { name: 'ID token', payload: identity.verification.payload ?? {} },
    ...(access ? [{ name: 'access token', payload: access }] : []),
  ]
  // Only a picture: while its code loads, or if it cannot, the page reads the same without it.
  return (
    <Lazy load={loadTokenTimeline} fallback={null} failed={null}>
      {(timeline) => <timeline.TokenTimeline tokens={tokens} skewSeconds={identity.verification.skewSeconds} />}
    </Lazy>
  )
}
