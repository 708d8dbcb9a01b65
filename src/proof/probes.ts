/**
 * The isolation proof: queries that must behave for a signed-in user if Hasura's row permission holds — own row
 * only, no foreign row by filter or by key, no foreign writes, no privilege by role header, nothing without a
 * token, nothing with a tampered token. Every probe hits the network (`network-only`); a single foreign row
 * returned anywhere makes the verdict `leak`.
 */
import { type ApolloClient, gql, type TypedDocumentNode } from '@apollo/client'
import { classifyError } from '../apollo/classify-error.ts'
import type { HasuraContext } from '../apollo/client.ts'

export type Outcome = 'pass' | 'leak' | 'fail' | 'skipped'

export interface ProbeResult {
  id: string
  title: string
  expected: string
  actual: string
  outcome: Outcome
  /** For a probe that did not behave: the likely cause and fix of the error it met. */
  hint?: string
}

export type Verdict = 'isolated' | 'leak' | 'error'

type Row = { id: string; username: string | null }

export const OWN_ROW: TypedDocumentNode<{ users: Row[] }> = gql`
  query OwnRow {
    users {
      id
      username
    }
  }
`
const OTHER_ROWS: TypedDocumentNode<{ users: Pick<Row, 'id'>[] }, { me: string }> = gql`
  query OtherRows($me: String!) {
    users(where: { id: { _neq: $me } }) {
      id
    }
  }
`
const ROW_BY_KEY: TypedDocumentNode<{ users_by_pk: Row | null }, { id: string }> = gql`
  query RowByKey($id: String!) {
    users_by_pk(id: $id) {
      id
      username
    }
  }
`
const FOREIGN_INSERT: TypedDocumentNode<{ insert_users_one: Pick<Row, 'id'> | null }, { id: string }> = gql`
  mutation ForeignInsert($id: String!) {
    insert_users_one(object: { id: $id, username: "intruder" }) {
      id
    }
  }
`
const FOREIGN_UPDATE: TypedDocumentNode<{ update_users: { affected_rows: number } | null }, { id: string }> = gql`
  mutation ForeignUpdate($id: String!) {
    update_users(where: { id: { _eq: $id } }, _set: { username: "intruder" }) {
      affected_rows
    }
  }
`

export interface ProbeSubject {
  sub: string
  /** `x-hasura-user-id` from the token's Hasura claims. */
  hasuraUserId?: string
}

/** A failing probe that met an error gets the classifier's cause and fix (client-anchors.md §2). */
function withHint(error: unknown, result: ProbeResult): ProbeResult {
  if (result.outcome !== 'fail' || !error) return result
  const classified = classifyError(error)
  return { ...result, hint: `${classified.cause} ${classified.fix}` }
}

const explain = (error: unknown) => {
  const c = classifyError(error)
  return `${c.code}: ${c.message}`
}

export async function runProbes(
  client: ApolloClient,
  subject: ProbeSubject,
  foreignIds: string[],
): Promise<ProbeResult[]> {
  // The probes are independent (the writes are refused, or touch foreign ids only): they run concurrently and
  // are reported in a fixed order.
  const results: (ProbeResult | Promise<ProbeResult>)[] = []
  const query = <D, V extends Record<string, unknown>>(
    document: TypedDocumentNode<D, V>,
    variables: V,
    context: HasuraContext = {},
  ) =>
    client.query<D, V>({
      query: document,
      variables,
      fetchPolicy: 'network-only',
      errorPolicy: 'all',
      context,
    } as never)
  const mutate = <D, V extends Record<string, unknown>>(document: TypedDocumentNode<D, V>, variables: V) =>
    client.mutate<D, V>({ mutation: document, variables, errorPolicy: 'all' } as never)
  const foreignRows = (rows: Row[] | Pick<Row, 'id'>[] | undefined) => (rows ?? []).filter((r) => r.id !== subject.sub)

  results.push(
    (async (): Promise<ProbeResult> => {
      const { data, error } = await query(OWN_ROW, {})
      const rows = data?.users
      const leaked = foreignRows(rows)
      const idsAgree = subject.hasuraUserId === undefined || subject.hasuraUserId === subject.sub
      return withHint(error, {
        id: 'own-row',
        title: 'users returns exactly my row',
        expected: `one row, id = sub = x-hasura-user-id = ${subject.sub}`,
        actual: error
          ? explain(error)
          : rows?.length === 0
            ? 'no row for this user — the Post Authentication trigger has not synced it'
            : `${rows?.length} row(s): ${rows?.map((r) => r.id).join(', ')}${idsAgree ? '' : `; x-hasura-user-id is ${subject.hasuraUserId}`}`,
        outcome: leaked.length
          ? 'leak'
          : !error && rows?.length === 1 && rows[0]?.id === subject.sub && idsAgree
            ? 'pass'
            : 'fail',
      })
    })(),
  )
  results.push(
    (async (): Promise<ProbeResult> => {
      const { data, error } = await query(OTHER_ROWS, { me: subject.sub })
      const leaked = foreignRows(data?.users)
      return withHint(error, {
        id: 'other-rows',
        title: 'users(where: id ≠ me) returns nothing',
        expected: '[]',
        actual: error ? explain(error) : leaked.length ? `foreign rows: ${leaked.map((r) => r.id).join(', ')}` : '[]',
        outcome: leaked.length ? 'leak' : error ? 'fail' : 'pass',
      })
    })(),
  )
  if (foreignIds.length === 0) {
    results.push({
      id: 'row-by-key',
      title: "users_by_pk(another user's id) is null",
      expected: 'null',
      actual: 'no foreign id known — enter one to run this probe',
      outcome: 'skipped',
    })
  }
  for (const id of foreignIds) {
    results.push(
      (async (): Promise<ProbeResult> => {
        const { data, error } = await query(ROW_BY_KEY, { id })
        const row = data?.users_by_pk
        return withHint(error, {
          id: `row-by-key:${id}`,
          title: `users_by_pk(${id}) is null`,
          expected: 'null',
          actual: error ? explain(error) : row ? `row ${row.id} (${row.username})` : 'null',
          outcome: row ? 'leak' : error ? 'fail' : 'pass',
        })
      })(),
    )
  }
  const target = foreignIds[0] ?? `probe-${crypto.randomUUID()}`
  results.push(
    (async (): Promise<ProbeResult> => {
      const { data, error } = await mutate(FOREIGN_INSERT, { id: target })
      const wrote = data?.insert_users_one
      return withHint(error, {
        id: 'foreign-insert',
        title: `insert_users_one(id: ${target}) is refused`,
        expected: 'refused',
        actual: error ? `refused — ${explain(error)}` : wrote ? `inserted ${wrote.id}` : 'nothing inserted',
        outcome: wrote ? 'leak' : 'pass',
      })
    })(),
  )
  results.push(
    (async (): Promise<ProbeResult> => {
      const { data, error } = await mutate(FOREIGN_UPDATE, { id: target })
      const affected = data?.update_users?.affected_rows ?? 0
      return withHint(error, {
        id: 'foreign-update',
        title: `update_users(id: ${target}) is refused`,
        expected: 'refused or 0 rows',
        actual: error ? `refused — ${explain(error)}` : `${affected} row(s) updated`,
        outcome: affected > 0 ? 'leak' : 'pass',
      })
    })(),
  )
  results.push(
    (async (): Promise<ProbeResult> => {
      const { data, error } = await query(OWN_ROW, {}, { role: 'admin' })
      const leaked = foreignRows(data?.users)
      const refused = error && /not in allowed roles/.test(explain(error))
      return withHint(error, {
        id: 'admin-role',
        title: 'x-hasura-role: admin is refused',
        expected: 'Your requested role is not in allowed roles',
        actual: error ? explain(error) : `${data?.users.length ?? 0} row(s)`,
        outcome: leaked.length ? 'leak' : refused ? 'pass' : 'fail',
      })
    })(),
  )
  results.push(
    (async (): Promise<ProbeResult> => {
      const { data, error } = await query(OWN_ROW, {}, { auth: 'none' })
      const rows = data?.users ?? []
      return withHint(error, {
        id: 'no-token',
        title: 'no token is refused',
        expected: 'an error, or no rows',
        actual: error ? explain(error) : `${rows.length} row(s)`,
        outcome: rows.length ? 'leak' : 'pass',
      })
    })(),
  )
  results.push(
    (async (): Promise<ProbeResult> => {
      const { data, error } = await query(OWN_ROW, {}, { auth: 'tampered', tamperUserId: target })
      const rows = data?.users ?? []
      const refused = error && /JWSInvalidSignature/.test(explain(error))
      return withHint(error, {
        id: 'tampered-token',
        title: 'my token with its payload altered is refused',
        expected: 'Could not verify JWT: JWSError JWSInvalidSignature',
        actual: error ? explain(error) : `${rows.length} row(s)`,
        outcome: foreignRows(rows).length ? 'leak' : refused ? 'pass' : 'fail',
      })
    })(),
  )
  return Promise.all(results)
}

export function verdictOf(results: ProbeResult[]): Verdict {
  if (results.some((r) => r.outcome === 'leak')) return 'leak'
  return results.every((r) => r.outcome === 'pass' || r.outcome === 'skipped') ? 'isolated' : 'error'
}
