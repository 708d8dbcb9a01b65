import { useState } from 'react'
import { decodeToken, type Expectations, type Verification, verifyIdToken } from '../auth/verify-id-token.ts'
import { ClaimsView } from '../components/claims-view.tsx'
import { TokenStatus } from '../components/token-status.tsx'
import type { Settings } from '../settings.ts'

type Result = { verification: Verification; note?: string }

/** Checks a pasted token against the JWKS of its own issuer; nothing else leaves the browser. */
export async function inspectToken(token: string, settings: Settings, keys?: Expectations['keys']): Promise<Result> {
  const trimmed = token.trim().replace(/^Bearer\s+/i, '')
  let payload: Record<string, unknown>
  try {
    payload = decodeToken(trimmed).payload
  } catch {
    // verifyIdToken reports the format problem before it would need any key.
    return {
      verification: await verifyIdToken(trimmed, { issuer: '', clientId: settings.clientId }),
    }
  }
  const issuer = typeof payload.iss === 'string' ? payload.iss.replace(/\/$/, '') : undefined
  const audience =
    typeof payload.aud === 'string'
      ? payload.aud
      : Array.isArray(payload.aud)
        ? String(payload.aud[0])
        : settings.clientId
  if (!issuer) {
    const verification = await verifyIdToken(trimmed, {
      issuer: '-',
      clientId: audience,
      keys: async () => Promise.reject(new Error('no iss')),
    })
    return {
      verification,
      note: 'The token has no iss, so there is no JWKS to check its signature against.',
    }
  }
  const verification = await verifyIdToken(trimmed, { issuer, clientId: audience, keys })
  const signature = verification.checks.find((c) => c.id === 'signature')
  const unreachable = signature !== undefined && /could not be fetched|did not answer/.test(signature.detail)
  const notes: string[] = []
  if (unreachable) notes.push(`The signature could not be checked: ${signature.detail}.`)
  if (audience !== settings.clientId && payload.token_use === 'id')
    notes.push(`Its aud (${audience}) is not this app's client id (${settings.clientId}).`)
  return { verification, note: notes.join(' ') || undefined }
}

export function InspectPage({ settings }: { settings: Settings }) {
  const [token, setToken] = useState('')
  const [result, setResult] = useState<Result>()
  const [busy, setBusy] = useState(false)
  return (
    <>
      <h1>Inspect a token</h1>
      <p>
        Paste a JWT — for example an ID token from a real pool. Its signature is checked against the JWKS of its own
        issuer; the token itself never leaves this browser and is not stored.
      </p>
      <form
        onSubmit={async (e) => {
          e.preventDefault()
          setBusy(true)
          try {
            setResult(await inspectToken(token, settings))
          } finally {
            setBusy(false)
          }
        }}
      >
        <label htmlFor="token">Token</label>
        <textarea
          id="token"
          rows={6}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Inspect'}
        </button>
      </form>
      {result ? (
        <>
          {result.note ? (
            <p className="warning" data-testid="inspect-note" role="status">
              {result.note}
            </p>
          ) : null}
          <TokenStatus verification={result.verification} />
          {result.verification.payload ? (
            <ClaimsView header={result.verification.header} payload={result.verification.payload} />
          ) : null}
        </>
      ) : null}
    </>
  )
}
