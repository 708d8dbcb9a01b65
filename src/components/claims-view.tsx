import { diagnose } from '../hasura/diagnostics.ts'
import type { HasuraTokenUse } from '../settings.ts'

const TIME_CLAIMS = new Set(['exp', 'iat', 'auth_time', 'nbf'])

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

const TOKEN_NAMES: Record<string, string> = { id: 'ID token', access: 'access token' }

/**
 * Header, payload with readable times, the Hasura claims and what Hasura will make of them — judged against the
 * token this app sends to Hasura (`expected`, VITE_HASURA_TOKEN).
 */
export function ClaimsView({
  header,
  payload,
  now = Date.now(),
  expected = 'id',
}: {
  header?: Record<string, unknown>
  payload: Record<string, unknown>
  now?: number
  expected?: HasuraTokenUse
}) {
  const report = diagnose(payload, now, expected)
  const name = TOKEN_NAMES[String(payload.token_use)]
  return (
    <section className="claims" aria-labelledby="claims-title">
      <h2 id="claims-title">
        {name ? `Claims of the ${name}` : 'Claims'}{' '}
        <span className="badge">token_use: {show(payload.token_use ?? '—')}</span>
      </h2>
      <h3>Hasura claims</h3>
      <pre data-testid="hasura-claims">{report.claims ? JSON.stringify(report.claims, null, 2) : 'none'}</pre>
      <h3>What Hasura will say</h3>
      <ul className="diagnostics" data-testid="diagnostics">
        {report.diagnostics.map((d) => (
          <li key={d.title} className={d.level}>
            <strong>{d.title}.</strong> {d.detail}
            {d.hasura ? (
              <>
                {' '}
                Hasura: <code>{d.hasura.message}</code> (<code>{d.hasura.code}</code>)
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {report.suggestedSecret ? (
        <>
          <h3>
            <code>HASURA_GRAPHQL_JWT_SECRET</code> that accepts this {name ?? 'token'}
          </h3>
          <pre data-testid="suggested-jwt-secret">{JSON.stringify(report.suggestedSecret)}</pre>
        </>
      ) : null}
      <details>
        <summary>Payload</summary>
        <table className="payload">
          <tbody>
            {Object.entries(payload).map(([claim, value]) => (
              <tr key={claim}>
                <th scope="row">
                  <code>{claim}</code>
                </th>
                <td>
                  <code>{show(value)}</code>
                  {TIME_CLAIMS.has(claim) && typeof value === 'number' ? (
                    <span className="time"> {new Date(value * 1000).toISOString()}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {header ? (
        <details>
          <summary>Header</summary>
          <pre>{JSON.stringify(header, null, 2)}</pre>
        </details>
      ) : null}
    </section>
  )
}
