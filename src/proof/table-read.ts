/**
 * The first step of the proof for each identity and table: read the rows the role sees, with every field the
 * table's permission filters read (select, update, delete), its primary key, and the columns the write probes need;
 * and settle each `_exists` of those filters from the rows of its own table.
 */
import type { ApolloClient, DocumentNode } from '@apollo/client'
import { findTable, graphqlNameOf, type HasuraSchema, type QualifiedTable } from '../../lib/hasura-schema.ts'
import type { HasuraContext } from '../apollo/client.ts'
import { isObject, type Session } from './bool-exp.ts'
import { type EvalContext, evaluateFilter, type Row, seesAllRows, type Verdict } from './evaluate-filter.ts'
import { addColumn, addFilterFields, existsOf, type Selection } from './filter-selection.ts'
import { type KeyArg, primaryKeysOf, ROOT_FIELDS, ROWS_CHECKED, type RootFields, rowsQuery } from './operations.ts'
import type { TablePlan } from './table-plan.ts'

export type QueryResult<D> = { data?: D; error?: unknown }

/** One identity as the per-table probes use it: its session, its role, and its own Apollo Client. */
export interface Prover {
  sub: string
  username: string
  /** `x-hasura-user-id`, else `sub`. */
  userId: string
  role: string
  session: Session
  schema: HasuraSchema
  query<D>(
    document: DocumentNode,
    variables?: Record<string, unknown>,
    context?: HasuraContext,
  ): Promise<QueryResult<D>>
  mutate<D>(document: DocumentNode, variables?: Record<string, unknown>): Promise<QueryResult<D>>
  /** `<t>_by_pk`'s keys by table GraphQL name; undefined when Hasura refused introspection (then: why). */
  keys?: Map<string, KeyArg[]>
  keysError?: unknown
}

export interface TableRead {
  plan: TablePlan
  selection: Selection
  /** Fields the select filter reads that the role cannot select. */
  unreadable: string[]
  rows?: Row[]
  error?: unknown
  /** Each `_exists` of the table's filters, settled for this prover's session. */
  exists: Map<unknown, Verdict>
}

/** What the prover evaluates a filter with. */
export const evalContext = (p: Prover, read: Pick<TableRead, 'exists'>): EvalContext => ({
  schema: p.schema,
  role: p.role,
  session: p.session,
  exists: (spec) => read.exists.get(spec) ?? 'unknown',
})

export function createProver(
  client: ApolloClient,
  identity: { sub: string; username: string; userId: string; role: string; session: Session },
  schema: HasuraSchema,
  roleHeader: HasuraContext,
): Prover {
  return {
    ...identity,
    schema,
    // `no-cache`: rows read under one filter must never be answered from rows cached under another.
    query: (query, variables, context) =>
      client.query({
        query,
        variables,
        fetchPolicy: 'no-cache',
        errorPolicy: 'all',
        context: { ...roleHeader, ...context },
      } as never) as never,
    mutate: (mutation, variables) =>
      client.mutate({
        mutation,
        variables,
        fetchPolicy: 'no-cache',
        errorPolicy: 'all',
        context: roleHeader,
      } as never) as never,
  }
}

/** Asks Hasura, as this role, which `<t>_by_pk` fields exist and what their keys are. */
export async function learnKeys(p: Prover): Promise<void> {
  const { data, error } = await p.query<RootFields>(ROOT_FIELDS)
  if (data?.__schema) p.keys = primaryKeysOf(data)
  else p.keysError = error ?? new Error('no answer')
}

const MAX_EXISTS_DEPTH = 3

/** `_exists: { _table, _where }` is true when some row of `_table` matches: read them and look. */
async function settleExists(p: Prover, spec: unknown, depth: number): Promise<Verdict> {
  if (!isObject(spec) || !isObject(spec._table) || depth > MAX_EXISTS_DEPTH) return 'unknown'
  const ref = spec._table as Partial<QualifiedTable>
  const target = findTable(p.schema, { schema: ref.schema ?? 'public', name: String(ref.name) })
  if (!target?.select[p.role]) return 'unknown' // the role cannot read that table: the browser cannot tell
  const where = isObject(spec._where) ? spec._where : {}
  const selection = addFilterFields({ schema: p.schema, role: p.role }, where, target, new Map())
  const { data } = await p.query<{ rows: Row[] }>(rowsQuery(graphqlNameOf(target), selection, false))
  if (!data?.rows) return 'unknown'
  const exists = await settleAll(p, where, depth + 1)
  const ctx = evalContext(p, { exists })
  const verdicts = data.rows.map((row) => evaluateFilter(where, row, target, ctx))
  if (verdicts.includes(true)) return true
  const sawAll = seesAllRows(p, target) && data.rows.length < ROWS_CHECKED
  return sawAll && verdicts.every((v) => v === false) ? false : 'unknown'
}

async function settleAll(p: Prover, exp: unknown, depth = 0): Promise<Map<unknown, Verdict>> {
  const specs = existsOf(exp)
  const verdicts = await Promise.all(specs.map((spec) => settleExists(p, spec, depth)))
  return new Map(specs.map((spec, i) => [spec, verdicts[i] as Verdict]))
}

/** Reads the table as this prover, with everything the checks of both steps need. */
export async function readTable(p: Prover, plan: TablePlan): Promise<TableRead> {
  const { table, role } = plan
  const unreadable: string[] = []
  const selection: Selection = new Map()
  const ctx = { schema: p.schema, role }
  for (const key of p.keys?.get(plan.graphqlName) ?? []) addColumn(ctx, table, selection, key.name)
  addFilterFields({ ...ctx, unreadable }, plan.filter, table, selection)
  const update = table.update[role]
  const remove = table.delete[role]
  for (const filter of [update?.filter, remove?.filter]) if (filter) addFilterFields(ctx, filter, table, selection)
  // The values the write probes reuse: an update sets a column to the value it has, an insert copies my row.
  for (const columns of [update?.columns, table.insert[role]?.columns])
    if (Array.isArray(columns)) for (const column of columns) addColumn(ctx, table, selection, column)
  if (plan.owner) addColumn(ctx, table, selection, plan.owner.column)
  const [exists, { data, error }] = await Promise.all([
    settleAll(p, [plan.filter, update?.filter ?? {}, remove?.filter ?? {}]),
    p.query<{ rows: Row[] }>(rowsQuery(plan.graphqlName, selection, false)),
  ])
  const rows = data?.rows ?? undefined
  return {
    plan,
    selection,
    unreadable,
    rows,
    error: rows ? undefined : (error ?? new Error('no rows in the answer')),
    exists,
  }
}
