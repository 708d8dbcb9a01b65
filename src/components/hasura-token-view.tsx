import { hasuraTokenOf, type Identity } from '../auth/session-store.ts'
import { ClaimsView } from './claims-view.tsx'
import { ExpiryCountdown } from './expiry-countdown.tsx'
import { LazyTokenTimeline } from './lazy-token-timeline.tsx'

/**
 * What a signed-in identity sends to Hasura: the countdown to its `exp`, the tokens' timeline, and the claims as
 * Hasura will read them.
 */
export function HasuraTokenView({ identity, loginHref }: { identity: Identity; loginHref?: string }) {
  const sent = hasuraTokenOf(identity)
  return (
    <>
      <ExpiryCountdown
        expiresAt={identity.expiresAt}
        loginHref={loginHref}
        tokenName={identity.hasuraToken === 'access' ? 'access token' : 'ID token'}
      />
      <LazyTokenTimeline identity={identity} />
      <ClaimsView header={sent.verification?.header} payload={sent.payload} expected={identity.hasuraToken} />
    </>
  )
}
