import { ApolloProvider, useQuery } from '@apollo/client/react'
import { useState } from 'react'
import { hasuraClaimsOf } from '../../lib/hasura-claims.ts'
import { classifyError } from '../apollo/classify-error.ts'
import { clientFor, type HasuraContext } from '../apollo/client.ts'
import { useAuth, useSession } from '../auth/auth-context.tsx'
import { hasuraTokenOf, type Identity } from '../auth/session-store.ts'
import { IsolationProof } from '../proof/isolation-proof.tsx'
import { OWN_ROW } from '../proof/probes.ts'
import type { Settings } from '../settings.ts'

function MyData({ identity, role }: { identity: Identity; role?: string }) {
  const context: HasuraContext = role ? { role } : {}
  const { data, error, loading } = useQuery(OWN_ROW, { fetchPolicy: 'network-only', context })
  if (loading) return <p>Loading your row…</p>
  if (error) {
    const c = classifyError(error)
    return (
      <p className="error" role="alert">
        Hasura refused: <code>{c.message}</code> ({c.code}). {c.cause} {c.fix}
      </p>
    )
  }
  const rows = data?.users ?? []
  if (rows.length === 0) {
    return (
      <p className="warning" data-testid="my-data" data-state="empty">
        No row for this user — the Post Authentication trigger has not synced it (is it attached, and can it reach
        Hasura?).
      </p>
    )
  }
  return (
    <table className="my-data" data-testid="my-data" data-state="found">
      <caption>
        My row in users, as {identity.username}
        {role ? ` with x-hasura-role: ${role}` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">id</th>
          <th scope="col">username</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td>
              <code>{row.id}</code>
            </td>
            <td>{row.username}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function ProofPage({ settings }: { settings: Settings }) {
  const auth = useAuth()
  const session = useSession()
  const active = auth.sessions.active()
  const [role, setRole] = useState('')
  return (
    <>
      <h1>Does Hasura keep users apart?</h1>
      {active ? (
        <>
          <p>
            Querying <code>{settings.hasuraGraphqlUrl}</code> with the{' '}
            {active.hasuraToken === 'access' ? 'access' : 'ID'} token of <strong>{active.username}</strong>.{' '}
            <button type="button" onClick={async () => window.location.assign(await auth.anotherUserUrl())}>
              Add another user
            </button>
          </p>
          <p>
            <label htmlFor="role">Role</label>{' '}
            <select id="role" value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">default (no x-hasura-role header)</option>
              {(hasuraClaimsOf(hasuraTokenOf(active).payload)?.allowedRoles ?? []).map((r) => (
                <option key={r} value={r}>
                  x-hasura-role: {r}
                </option>
              ))}
            </select>
          </p>
          <ApolloProvider client={clientFor(auth, settings.hasuraGraphqlUrl, active)}>
            <MyData identity={active} role={role || undefined} />
          </ApolloProvider>
          {session.identities.length > 1 ? (
            <p>Holding {session.identities.length} identities; each is probed against the others.</p>
          ) : null}
        </>
      ) : null}
      <IsolationProof settings={settings} role={role || undefined} />
    </>
  )
}
