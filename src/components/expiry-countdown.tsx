import { clockTime } from '../clock-time.ts'
import { useNow } from '../use-now.ts'

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s % 60} s`
}

/** Time left until `exp` of the token Hasura is sent; once it passes, the session is shown as expired, with the way back in. */
export function ExpiryCountdown({
  expiresAt,
  loginHref,
  tokenName = 'ID token',
}: {
  expiresAt: number
  loginHref?: string
  tokenName?: string
}) {
  const now = useNow()
  const left = (expiresAt - now) / 1000
  if (left <= 0) {
    return (
      <p className="expired" data-testid="session-expiry" data-state="expired" role="status">
        The {tokenName} expired at {clockTime(expiresAt)}. Hasura will answer{' '}
        <code>Could not verify JWT: JWTExpired</code>.
        {loginHref ? (
          <>
            {' '}
            <a href={loginHref}>Sign in again</a>
          </>
        ) : null}
      </p>
    )
  }
  return (
    <p data-testid="session-expiry" data-state="valid">
      Expires in <strong>{formatDuration(left)}</strong> (at {clockTime(expiresAt)}).
    </p>
  )
}
