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
  /** The table the probe is about (`public.users`); the table's verdict is its probes'. */
  table?: string
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

type QueryResult<D> = { data?: D; error?: unknown }

/** What a probe runs with: the subject, the foreign ids it probes, and the client's calls (always network-only). */
export interface ProbeContext {
  subject: ProbeSubject
  /** The foreign id of this run (probes that run once per foreign id). */
  foreignId: string
  /** The id the write probes aim at: a real foreign id, else a fresh made-up one. */
  target: string
  query<D, V extends Record<string, unknown>>(
    document: TypedDocumentNode<D, V>,
    variables: V,
    context?: HasuraContext,
  ): Promise<QueryResult<D>>
  mutate<D, V extends Record<string, unknown>>(document: TypedDocumentNode<D, V>, variables: V): Promise<QueryResult<D>>
  /** The rows that are not the subject's. */
  foreignRows(rows: Pick<Row, 'id'>[] | undefined): Pick<Row, 'id'>[]
}

/** What a probe saw: the error it met (if any), in words, and what that means. */
export interface Observation {
  error?: unknown
  actual: string
  outcome: Outcome
}

export interface Probe {
  id: string
  title(c: ProbeContext): string
  expected(c: ProbeContext): string
  /** Runs once per foreign id (its result id gets `:<id>`); skipped when none is known. */
  perForeignId?: true
  run(c: ProbeContext): Promise<Observation>
}

/** An error as Hasura (or the network) put it: `code: message`. */
export const explain = (error: unknown) => {
  const c = classifyError(error)
  return `${c.code}: ${c.message}`
}

/** The likely cause and fix of an error (client-anchors.md §2). */
export const hintOf = (error: unknown) => {
  const c = classifyError(error)
  return `${c.cause} ${c.fix}`
}

/** The probes (a)–(g) of the README, in the order they are reported. */
export const PROBES: readonly Probe[] = [
  {
    id: 'own-row',
    title: () => 'users returns exactly my row',
    expected: ({ subject }) => `one row, id = sub = x-hasura-user-id = ${subject.sub}`,
    async run({ subject, query, foreignRows }) {
      const { data, error } = await query(OWN_ROW, {})
      const rows = data?.users
      const idsAgree = subject.hasuraUserId === undefined || subject.hasuraUserId === subject.sub
      return {
        error,
        actual: error
          ? explain(error)
          : rows?.length === 0
            ? 'no row for this user — the Post Authentication trigger has not synced it'
            : `${rows?.length} row(s): ${rows?.map((r) => r.id).join(', ')}${idsAgree ? '' : `; x-hasura-user-id is ${subject.hasuraUserId}`}`,
        outcome: foreignRows(rows).length
          ? 'leak'
          : !error && rows?.length === 1 && rows[0]?.id === subject.sub && idsAgree
            ? 'pass'
            : 'fail',
      }
    },
  },
  {
    id: 'other-rows',
    title: () => 'users(where: id ≠ me) returns nothing',
    expected: () => '[]',
    async run({ subject, query, foreignRows }) {
      const { data, error } = await query(OTHER_ROWS, { me: subject.sub })
      const leaked = foreignRows(data?.users)
      return {
        error,
        actual: error ? explain(error) : leaked.length ? `foreign rows: ${leaked.map((r) => r.id).join(', ')}` : '[]',
        outcome: leaked.length ? 'leak' : error ? 'fail' : 'pass',
      }
    },
  },
  {
    id: 'row-by-key',
    title: ({ foreignId }) =>
      foreignId ? `users_by_pk(${foreignId}) is null` : "users_by_pk(another user's id) is null",
    expected: () => 'null',
    perForeignId: true,
    async run({ foreignId, query }) {
      const { data, error } = await query(ROW_BY_KEY, { id: foreignId })
      const row = data?.users_by_pk
      return {
        error,
        actual: error ? explain(error) : row ? `row ${row.id} (${row.username})` : 'null',
        outcome: row ? 'leak' : error ? 'fail' : 'pass',
      }
    },
  },
  {
    id: 'foreign-insert',
    title: ({ target }) => `insert_users_one(id: ${target}) is refused`,
    expected: () => 'refused',
    async run({ target, mutate }) {
      const { data, error } = await mutate(FOREIGN_INSERT, { id: target })
      const wrote = data?.insert_users_one
      return {
        error,
        actual: error ? `refused — ${explain(error)}` : wrote ? `inserted ${wrote.id}` : 'nothing inserted',
        outcome: wrote ? 'leak' : 'pass',
      }
    },
  },
  {
    id: 'foreign-update',
    title: ({ target }) => `update_users(id: ${target}) is refused`,
    expected: () => 'refused or 0 rows',
    async run({ target, mutate }) {
      const { data, error } = await mutate(FOREIGN_UPDATE, { id: target })
      const affected = data?.update_users?.affected_rows ?? 0
      return {
        error,
        actual: error ? `refused — ${explain(error)}` : `${affected} row(s) updated`,
        outcome: affected > 0 ? 'leak' : 'pass',
      }
    },
  },
  {
    id: 'admin-role',
    title: () => 'x-hasura-role: admin is refused',
    expected: () => 'Your requested role is not in allowed roles',
    async run({ query, foreignRows }) {
      const { data, error } = await query(OWN_ROW, {}, { role: 'admin' })
      const refused = error && /not in allowed roles/.test(explain(error))
      return {
        error,
        actual: error ? explain(error) : `${data?.users.length ?? 0} row(s)`,
        outcome: foreignRows(data?.users).length ? 'leak' : refused ? 'pass' : 'fail',
      }
    },
  },
  {
    id: 'no-token',
    title: () => 'no token is refused',
    expected: () => 'an error, or no rows',
    async run({ query }) {
      const { data, error } = await query(OWN_ROW, {}, { auth: 'none' })
      const rows = data?.users ?? []
      return { error, actual: error ? explain(error) : `${rows.length} row(s)`, outcome: rows.length ? 'leak' : 'pass' }
    },
  },
  {
    id: 'tampered-token',
    title: () => 'my token with its payload altered is refused',
    expected: () => 'Could not verify JWT: JWSError JWSInvalidSignature',
    async run({ target, query, foreignRows }) {
      const { data, error } = await query(OWN_ROW, {}, { auth: 'tampered', tamperUserId: target })
      const rows = data?.users ?? []
      const refused = error && /JWSInvalidSignature/.test(explain(error))
      return {
        error,
        actual: error ? explain(error) : `${rows.length} row(s)`,
        outcome: foreignRows(rows).length ? 'leak' : refused ? 'pass' : 'fail',
      }
    },
  },
]

/** One probe run: a failing probe that met an error gets the classifier's cause and fix (client-anchors.md §2). */
async function runProbe(probe: Probe, c: ProbeContext, id: string): Promise<ProbeResult> {
  const { error, actual, outcome } = await probe.run(c)
  const result: ProbeResult = { id, title: probe.title(c), expected: probe.expected(c), actual, outcome }
  if (outcome !== 'fail' || !error) return result
  return { ...result, hint: hintOf(error) }
}

/** The seven probes as `subject`; `role`, when given, is sent as `x-hasura-role` (the admin probe sends its own). */
export async function runProbes(
  client: ApolloClient,
  subject: ProbeSubject,
  foreignIds: string[],
  role?: string,
): Promise<ProbeResult[]> {
  const roleHeader: HasuraContext = role ? { role } : {}
  const context: ProbeContext = {
    subject,
    foreignId: '',
    target: foreignIds[0] ?? `probe-${crypto.randomUUID()}`,
    query: <D, V extends Record<string, unknown>>(
      document: TypedDocumentNode<D, V>,
      variables: V,
      hasura: HasuraContext = {},
    ) =>
      client.query<D, V>({
        query: document,
        variables,
        fetchPolicy: 'network-only',
        errorPolicy: 'all',
        context: { ...roleHeader, ...hasura },
      } as never),
    mutate: <D, V extends Record<string, unknown>>(document: TypedDocumentNode<D, V>, variables: V) =>
      client.mutate<D, V>({ mutation: document, variables, errorPolicy: 'all', context: roleHeader } as never),
    foreignRows: (rows) => (rows ?? []).filter((r) => r.id !== subject.sub),
  }
  // The probes are independent (the writes are refused, or touch foreign ids only): they run concurrently and
  // are reported in the table's order.
  const runs = PROBES.flatMap((probe): (ProbeResult | Promise<ProbeResult>)[] => {
    if (!probe.perForeignId) return [runProbe(probe, context, probe.id)]
    if (foreignIds.length === 0) {
      return [
        {
          id: probe.id,
          title: probe.title(context),
          expected: probe.expected(context),
          actual: 'no foreign id known — enter one to run this probe',
          outcome: 'skipped',
        },
      ]
    }
    return foreignIds.map((foreignId) => runProbe(probe, { ...context, foreignId }, `${probe.id}:${foreignId}`))
  })
  return Promise.all(runs)
}

export function verdictOf(results: ProbeResult[]): Verdict {
  if (results.some((r) => r.outcome === 'leak')) return 'leak'
  return results.every((r) => r.outcome === 'pass' || r.outcome === 'skipped') ? 'isolated' : 'error'
}
