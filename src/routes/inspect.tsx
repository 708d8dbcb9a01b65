import { useState } from 'react'
import { verifyAccessToken } from '../auth/verify-access-token.ts'
import { verifyIdToken } from '../auth/verify-id-token.ts'
import { decodeToken, jwksFor, type KeyExpectations, type Verification } from '../auth/verify-token.ts'
import { ClaimsView } from '../components/claims-view.tsx'
import { TokenStatus } from '../components/token-status.tsx'
import type { Settings } from '../settings.ts'

/**
 * A pasted token, analysed without sending it anywhere. Its signature is checked at once only when its `iss` is the
 * configured pool (whose keys this app fetches anyway); another issuer's JWKS is fetched only on an explicit click —
 * a pasted token must not make the browser call whatever URL it names.
 */
export type Inspection =
  | { kind: 'malformed'; verification: Verification }
  | {
      kind: 'decoded'
      token: string
      header: Record<string, unknown>
      payload: Record<string, unknown>
      /** The issuer whose JWKS would verify it; undefined when the token names none. */
      issuer?: string
      /** `iss` is not the configured pool. */
      foreign: boolean
      /** Present once the signature was checked. */
      verification?: Verification
    }

/** The app client a token names: `aud` of an ID token, `client_id` of an access token. */
const clientOf = (payload: Record<string, unknown>, fallback: string) =>
  typeof payload.aud === 'string'
    ? payload.aud
    : Array.isArray(payload.aud)
      ? String(payload.aud[0])
      : typeof payload.client_id === 'string'
        ? payload.client_id
        : fallback

/** Verifies a decoded token against its issuer's keys (the configured pool's, or another issuer's on request). */
export async function checkSignature(
  inspection: Extract<Inspection, { kind: 'decoded' }>,
  settings: Settings,
  keys: KeyExpectations['keys'] = inspection.issuer ? jwksFor(inspection.issuer) : undefined,
): Promise<Inspection> {
  if (!inspection.issuer) return inspection
  const expect = { issuer: inspection.issuer, clientId: clientOf(inspection.payload, settings.clientId), keys }
  const verification =
    inspection.payload.token_use === 'access'
      ? await verifyAccessToken(inspection.token, expect)
      : await verifyIdToken(inspection.token, expect)
  return { ...inspection, verification }
}

export async function inspectToken(
  token: string,
  settings: Settings,
  keys?: KeyExpectations['keys'],
): Promise<Inspection> {
  const trimmed = token.trim().replace(/^Bearer\s+/i, '')
  let decoded: ReturnType<typeof decodeToken>
  try {
    decoded = decodeToken(trimmed)
  } catch {
    // verifyIdToken reports the format problem before it would need any key.
    return { kind: 'malformed', verification: await verifyIdToken(trimmed, { issuer: '', clientId: '' }) }
  }
  const { header, payload } = decoded
  const issuer = typeof payload.iss === 'string' ? payload.iss.replace(/\/$/, '') : undefined
  const inspection = {
    kind: 'decoded' as const,
    token: trimmed,
    header,
    payload,
    issuer,
    foreign: issuer !== settings.issuer,
  }
  return inspection.foreign ? inspection : checkSignature(inspection, settings, keys)
}

function Notes({ inspection, settings }: { inspection: Extract<Inspection, { kind: 'decoded' }>; settings: Settings }) {
  const { issuer, payload, verification } = inspection
  const notes: string[] = []
  if (!issuer) notes.push('The token has no iss, so there is no JWKS to check its signature against.')
  else if (inspection.foreign)
    notes.push(`Its iss (${issuer}) is not the configured pool (${settings.issuer}): this app would reject it.`)
  const signature = verification?.checks.find((c) => c.id === 'signature')
  if (signature && /could not be fetched|did not answer/.test(signature.detail))
    notes.push(
      `The signature could not be checked: ${signature.detail}.${inspection.foreign ? " This build's Content-Security-Policy allows connections to the configured pool only." : ''}`,
    )
  const client = clientOf(payload, settings.clientId)
  if (client !== settings.clientId)
    notes.push(
      `Its ${payload.token_use === 'access' ? 'client_id' : 'aud'} (${client}) is not this app's client id (${settings.clientId}).`,
    )
  if (notes.length === 0) return null
  return (
    <p className="warning" data-testid="inspect-note" role="status">
      {notes.join(' ')}
    </p>
  )
}

export function InspectPage({ settings }: { settings: Settings }) {
  const [token, setToken] = useState('')
  const [result, setResult] = useState<Inspection>()
  const [busy, setBusy] = useState(false)
  const run = async (work: () => Promise<Inspection>) => {
    setBusy(true)
    try {
      setResult(await work())
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <h1>Inspect a token</h1>
      <p>
        Paste a JWT — for example an ID token from a real pool. A token of the configured pool is checked against its
        JWKS at once; for any other issuer you decide whether its JWKS is fetched. The token itself never leaves this
        browser and is not stored.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void run(() => inspectToken(token, settings))
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
      {result?.kind === 'malformed' ? <TokenStatus verification={result.verification} /> : null}
      {result?.kind === 'decoded' ? (
        <>
          <Notes inspection={result} settings={settings} />
          {result.verification ? (
            <TokenStatus
              verification={result.verification}
              kind={result.payload.token_use === 'access' ? 'access' : 'id'}
            />
          ) : result.issuer ? (
            <p data-testid="signature-unchecked">
              Signature not checked yet.{' '}
              <button type="button" disabled={busy} onClick={() => void run(() => checkSignature(result, settings))}>
                Fetch {result.issuer}/.well-known/jwks.json and check the signature
              </button>
            </p>
          ) : null}
          <ClaimsView header={result.header} payload={result.payload} expected={settings.hasuraToken} />
        </>
      ) : null}
    </>
  )
}
