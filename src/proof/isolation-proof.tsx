/**
 * Runs the proof for every identity held in this tab, each with its own Apollo Client, over every table of the Hasura
 * project the SPA was built from (`virtual:hasura-schema`, read from HASURA_PROJECT_DIR at build time), and shows one
 * verdict per table and the probes of each identity side by side. Loaded lazily: Apollo, graphql and the schema stay
 * out of the callback's first load.
 */

import schema from 'virtual:hasura-schema'
import { useState } from 'react'
import { hasuraClaimsOf } from '../../lib/hasura-claims.ts'
import { clientFor } from '../apollo/client.ts'
import type { Auth } from '../auth/auth.ts'
import { useAuth, useSession } from '../auth/auth-context.tsx'
import { hasuraTokenOf, type Identity } from '../auth/session-store.ts'
import { usePromise } from '../promise-state.ts'
import type { Settings } from '../settings.ts'
import type { ProbeResult } from './probes.ts'
import { proveSchema, type SchemaProof, type TableReport } from './prove-schema.ts'

export interface ProofReport extends SchemaProof {
  ranAt: string
  hasura: string
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
  options: { role?: string; extraForeignId?: string } = {},
): Promise<ProofReport> {
  const proof = await proveSchema(
    schema,
    identities.map((identity) => ({
      sub: identity.sub,
      username: identity.username,
      claims: hasuraClaimsOf(hasuraTokenOf(identity).payload),
      client: clientFor(auth, settings.hasuraGraphqlUrl, identity),
    })),
    {
      role: options.role,
      // One typed in first: it is the one the user wants probed.
      foreignIds: localUserIds(settings).then((known) => [
        ...(options.extraForeignId ? [options.extraForeignId] : []),
        ...known,
      ]),
    },
  )
  return { ...proof, ranAt: new Date().toISOString(), hasura: settings.hasuraGraphqlUrl }
}

const runs = new Map<string, Promise<ProofReport>>()
function proofFor(
  auth: Auth,
  settings: Settings,
  identities: Identity[],
  run: number,
  foreignId: string,
  role: string | undefined,
): Promise<ProofReport> {
  const key = `${identities.map((i) => `${i.sub}:${hasuraTokenOf(i).token.length}:${i.expiresAt}`).join(',')}#${run}#${foreignId}#${role ?? ''}`
  let promise = runs.get(key)
  if (!promise) {
    promise = runProof(auth, settings, identities, { role, extraForeignId: foreignId || undefined })
    runs.clear()
    runs.set(key, promise)
  }
  return promise
}

const VERDICT_TEXT = {
  isolated: 'Isolated: every probe behaved. Each user reads only the rows their permissions give them.',
  leak: 'LEAK: a foreign row was returned or written. A permission does not hold (see the tables below).',
  error: 'Error: some probes did not behave as expected (see below).',
}

function TableVerdicts({ report }: { report: ProofReport }) {
  if (report.tables.length === 0) {
    return <p className="warning">The role may select no table of {report.project}: there is nothing to prove.</p>
  }
  return (
    <table className="probes tables" aria-label="Verdict per table">
      <caption>
        Tables of <code>{report.project}</code> the role may select
      </caption>
      <thead>
        <tr>
          <th scope="col">Table</th>
          <th scope="col">Select filter</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {report.tables.map((table) => (
          <tr
            key={table.table}
            className={table.verdict === 'isolated' || table.verdict === 'shared' ? 'pass' : table.verdict}
            data-testid="table-verdict"
            data-table={table.table}
            data-verdict={table.verdict}
          >
            <th scope="row">{table.table}</th>
            <td>
              <FilterText table={table} />
            </td>
            <td>{table.verdict}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function FilterText({ table }: { table: TableReport }) {
  const many = table.filters.length > 1
  return (
    <>
      {table.kind === 'per-user'
        ? 'Per user (depends on X-Hasura-User-Id):'
        : 'Shared: every user reads the rows of this filter, by design:'}
      {table.filters.map(({ role, filter }) => (
        <span key={role}>
          {' '}
          {many ? `${role}: ` : null}
          <code>{JSON.stringify(filter)}</code>
        </span>
      ))}
    </>
  )
}

/** One identity's probes, a group of rows per table. */
function IdentityProbes({ identity }: { identity: ProofReport['identities'][number] }) {
  const groups = new Map<string, ProbeResult[]>()
  for (const probe of identity.probes) groups.set(probe.table ?? '', [...(groups.get(probe.table ?? '') ?? []), probe])
  return (
    <table className="probes" aria-label={`Probes as ${identity.username}`}>
      <caption>
        As <strong>{identity.username}</strong> <code>{identity.sub}</code> (role {identity.role}) — {identity.verdict}
      </caption>
      <thead>
        <tr>
          <th scope="col">Probe</th>
          <th scope="col">Expected</th>
          <th scope="col">Actual</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      {[...groups].map(([table, probes]) => (
        <tbody key={table}>
          <tr>
            <th scope="rowgroup" colSpan={4}>
              {table}
            </th>
          </tr>
          {probes.map((probe) => (
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
      ))}
    </table>
  )
}

export function Results({ promise }: { promise: Promise<ProofReport> }) {
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
        {report.tables.length === 0 ? 'Error: nothing to prove.' : VERDICT_TEXT[report.verdict]}
      </p>
      <TableVerdicts report={report} />
      <div className="identities">
        {report.identities.map((identity) => (
          <IdentityProbes key={identity.sub} identity={identity} />
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

/** `role`: the `x-hasura-role` to send (the role picked on /proof); by default each identity's default role. */
export function IsolationProof({ settings, role }: { settings: Settings; role?: string }) {
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
      <Results promise={proofFor(auth, settings, identities, run, foreignId, role)} />
    </section>
  )
}
