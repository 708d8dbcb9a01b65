import type { Verification } from '../auth/verify-token.ts'

const TITLES = { id: 'ID token', access: 'Access token' } as const

/** The verdict on a token, with every check and the precise reason of a rejection. */
export function TokenStatus({
  verification,
  reason,
  kind = 'id',
}: {
  verification?: Verification
  reason?: string
  kind?: keyof typeof TITLES
}) {
  const state = verification?.verdict ?? 'rejected'
  return (
    <section className={`status ${state}`} aria-labelledby={`${kind}-token-status-title`}>
      <h2 id={`${kind}-token-status-title`}>{TITLES[kind]}</h2>
      <p data-testid={`${kind}-token-status`} data-state={state} role="status">
        {state === 'verified' ? 'Verified' : 'Rejected'}
        {state === 'rejected' ? `: ${reason ?? verification?.reason ?? 'unknown reason'}` : ''}
      </p>
      {verification?.checks.length ? (
        <ul className="checks">
          {verification.checks.map((check) => (
            <li key={check.id} className={check.ok ? 'ok' : 'fail'}>
              <span aria-hidden="true">{check.ok ? '✓' : '✗'}</span> <code>{check.id}</code> {check.detail}
            </li>
          ))}
        </ul>
      ) : null}
      {verification?.skewSeconds !== undefined ? (
        <p className="skew">
          Clock skew (this browser − issuer at <code>iat</code>): <strong>{verification.skewSeconds} s</strong>
          {Math.abs(verification.skewSeconds) > 2
            ? ' — more than Hasura tolerates at allowed_skew 0 if the browser is behind.'
            : ''}
        </p>
      ) : null}
    </section>
  )
}
