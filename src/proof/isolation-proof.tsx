/**
 * Runs the probes for every identity held in this tab, each with its own Apollo Client and the other identities'
 * ids as the foreign ids (cross-probes), and shows them side by side with the verdict. Loaded lazily: Apollo and
 * graphql stay out of the callback's first load.
 */
import { useState } from 'react'
import { hasuraClaimsOf } from '../../lib/hasura-claims.ts'
import { clientFor } from '../apollo/client.ts'
import type { Auth } from '../auth/auth.ts'
import { useAuth, useSession } from '../auth/auth-context.tsx'
import { hasuraTokenOf, type Identity } from '../auth/session-store.ts'
import { usePromise } from '../promise-state.ts'
import type { Settings } from '../settings.ts'
import { type ProbeResult, runProbes, type Verdict, verdictOf } from './probes.ts'

export interface ProofReport {
  verdict: Verdict
  ranAt: string
  hasura: string
  identities: { sub: string; username: string; verdict: Verdict; probes: ProbeResult[] }[]
}

/** The local Cognito stand-in lists its users, which gives real foreign ids; a real pool does not. */
async function localUserIds(settings: Settings): Promise<string[]> {
  if (!['localhost', '127.0.0.1'].includes(new URL(settings.cognitoDomain).hostname)) return []
  try {
    const response = await fetch(`${settings.cognitoDomain}/_local/users`, { signal: AbortSignal.timeout(2000) })
    return response.ok ? ((await response.json()) as { sub: string }[]).map((u) => u.sub) : []
  } catch {
    return []
  }
}

export async function runProof(
  auth: Auth,
  settings: Settings,
  identities: Identity[],
  extraForeignId?: string,
): Promise<ProofReport> {
  const known = await localUserIds(settings)
  const results = []
  for (const identity of identities) {
    const foreign = [
      ...new Set([...identities.map((i) => i.sub), ...known, ...(extraForeignId ? [extraForeignId] : [])]),
    ]
      .filter((sub) => sub !== identity.sub)
      .slice(0, 3)
    const probes = await runProbes(
      clientFor(auth, settings.hasuraGraphqlUrl, identity),
      {
        sub: identity.sub,
        hasuraUserId: hasuraClaimsOf(hasuraTokenOf(identity).payload)?.sessionVariables['x-hasura-user-id'],
      },
      foreign,
    )
    results.push({ sub: identity.sub, username: identity.username, verdict: verdictOf(probes), probes })
  }
  const all = results.flatMap((r) => r.probes)
  return {
    verdict: verdictOf(all),
    ranAt: new Date().toISOString(),
    hasura: settings.hasuraGraphqlUrl,
    identities: results,
  }
}

const runs = new Map<string, Promise<ProofReport>>()
function proofFor(
  auth: Auth,
  settings: Settings,
  identities: Identity[],
  run: number,
  foreignId: string,
): Promise<ProofReport> {
  const key = `${identities.map((i) => `${i.sub}:${hasuraTokenOf(i).token.length}:${i.expiresAt}`).join(',')}#${run}#${foreignId}`
  let promise = runs.get(key)
  if (!promise) {
    promise = runProof(auth, settings, identities, foreignId || undefined)
    runs.clear()
    runs.set(key, promise)
  }
  return promise
}

function Results({ promise }: { promise: Promise<ProofReport> }) {
  // Not use(): React throttles Suspense reveals by 300 ms, and the verdict should show the moment it is known.
  const state = usePromise(promise)
  const [copied, setCopied] = useState(false)
  if (state.status === 'pending') {
    return (
      <p data-testid="isolation-verdict" data-verdict="running" role="status">
        Running the probes…
      </p>
    )
  }
  if (state.status === 'rejected') {
    return (
      <p className="verdict error" data-testid="isolation-verdict" data-verdict="error" role="alert">
        The probes could not run: {(state.reason as Error)?.message ?? String(state.reason)}
      </p>
    )
  }
  const report = state.value
  return (
    <>
      <p
        className={`verdict ${report.verdict}`}
        data-testid="isolation-verdict"
        data-verdict={report.verdict}
        role="status"
      >
        {report.verdict === 'isolated'
          ? 'Isolated: every probe behaved. Each user reads only their own row.'
          : report.verdict === 'leak'
            ? 'LEAK: a foreign row was returned or written. The permission does not hold.'
            : 'Error: some probes did not behave as expected (see below).'}
      </p>
      <div className="identities">
        {report.identities.map((identity) => (
          <table key={identity.sub} className="probes" aria-label={`Probes as ${identity.username}`}>
            <caption>
              As <strong>{identity.username}</strong> <code>{identity.sub}</code> — {identity.verdict}
            </caption>
            <thead>
              <tr>
                <th scope="col">Probe</th>
                <th scope="col">Expected</th>
                <th scope="col">Actual</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {identity.probes.map((probe) => (
                <tr key={probe.id} className={probe.outcome} data-probe={probe.id} data-outcome={probe.outcome}>
                  <td>{probe.title}</td>
                  <td>
                    <code>{probe.expected}</code>
                  </td>
                  <td>
                    {probe.actual}
                    {probe.hint ? <p className="hint">{probe.hint}</p> : null}
                  </td>
                  <td>{probe.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <p>
        <button
          type="button"
          onClick={async () => {
            // The report names users by id only; it never contains a token.
            await navigator.clipboard?.writeText(JSON.stringify(report, null, 2))
            setCopied(true)
          }}
        >
          {copied ? 'Copied' : 'Copy report as JSON'}
        </button>
      </p>
    </>
  )
}

export function IsolationProof({ settings }: { settings: Settings }) {
  const auth = useAuth()
  const { identities } = useSession()
  const [run, setRun] = useState(0)
  const [foreignId, setForeignId] = useState('')
  if (identities.length === 0) return <p>Sign in first: the proof runs as the signed-in user.</p>
  return (
    <section className="proof" aria-labelledby="proof-title">
      <h2 id="proof-title">Row-level isolation proof</h2>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault()
          setRun((r) => r + 1)
        }}
      >
        <label htmlFor="foreign-id">Another user's id (optional)</label>
        <input
          id="foreign-id"
          value={foreignId}
          onChange={(e) => setForeignId(e.target.value.trim())}
          placeholder="a sub of another user"
        />
        <button type="submit">Run the proof again</button>
      </form>
      <Results promise={proofFor(auth, settings, identities, run, foreignId)} />
    </section>
  )
}
