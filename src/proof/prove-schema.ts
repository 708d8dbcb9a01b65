/**
 * The isolation proof over the whole schema: every identity held reads every table its role may select, then probes
 * each table — `public.users` with the seven probes of the recipe (probes.ts), every other per-user table with the
 * per-table probes (table-probes.ts), every shared table with the browser's own check of its rows. One verdict per
 * table (`isolated`, `leak`, `error` or `shared`) and one overall (`leak` if any table leaks).
 */
import type { ApolloClient } from '@apollo/client'
import type { HasuraClaims } from '../../lib/hasura-claims.ts'
import { type BoolExp, type HasuraSchema, tableKey } from '../../lib/hasura-schema.ts'
import { USER_ID } from './bool-exp.ts'
import { type ProbeResult, runProbes, type Verdict, verdictOf } from './probes.ts'
import { planTables, type TableKind, type TablePlan } from './table-plan.ts'
import { rowsProbe, tableProbes } from './table-probes.ts'
import { createProver, learnKeys, type Prover, readTable, type TableRead } from './table-read.ts'

export type TableVerdict = Verdict | 'shared'

export interface TableReport {
  /** `public.notes` */
  table: string
  kind: TableKind
  /** The select filter of each role the proof ran as. */
  filters: { role: string; filter: BoolExp }[]
  verdict: TableVerdict
}

export interface IdentityReport {
  sub: string
  username: string
  role: string
  verdict: Verdict
  probes: ProbeResult[]
}

export interface SchemaProof {
  verdict: Verdict
  /** The Hasura project the SPA was built from. */
  project: string
  tables: TableReport[]
  identities: IdentityReport[]
}

export interface ProofIdentity {
  sub: string
  username: string
  claims?: HasuraClaims
  client: ApolloClient
}

export interface ProofOptions {
  /** `x-hasura-role` to send; by default none, so each identity runs as its default role. */
  role?: string
  /**
   * Other users' ids known besides the identities held (the local pool's users, one typed in). Needed only once the
   * rows are read, so a promise of them is awaited only then: asking for them costs no round trip of its own.
   */
  foreignIds?: string[] | Promise<string[]>
}

/** The recipe's table keeps the seven probes it always had (README (a)–(g)): they are its verdict's basis. */
const RECIPE_TABLE = 'public.users'
/**
 * The recipe's role, for a token whose Hasura claims cannot be read: the probes still run, and Hasura's refusal,
 * with its likely cause, is what they report.
 */
const RECIPE_ROLE = 'user'

function tableVerdict(kind: TableKind, probes: ProbeResult[]): TableVerdict {
  const verdict = verdictOf(probes)
  return verdict === 'isolated' && kind === 'shared' ? 'shared' : verdict
}

interface Held {
  prover: Prover
  identity: ProofIdentity
  plans: TablePlan[]
  reads: Map<string, TableRead>
}

async function probesOf(held: Held, all: Held[], foreignIds: string[], role: string | undefined) {
  const me = held.prover
  const others = all.filter((h) => h !== held)
  const perTable = await Promise.all(
    held.plans.map(async (plan): Promise<ProbeResult[]> => {
      const read = held.reads.get(plan.key) as TableRead
      if (plan.key === RECIPE_TABLE && plan.kind === 'per-user') {
        const recipe = await runProbes(
          held.identity.client,
          { sub: me.sub, hasuraUserId: held.identity.claims?.sessionVariables[USER_ID] },
          foreignIds,
          role,
        )
        return [...recipe.map((r) => ({ ...r, table: RECIPE_TABLE })), rowsProbe(me, read)]
      }
      const theirs = others.map((o) => ({ prover: o.prover, read: o.reads.get(plan.key) }))
      return tableProbes(me, read, theirs, foreignIds)
    }),
  )
  return perTable.flat()
}

export async function proveSchema(
  schema: HasuraSchema,
  identities: ProofIdentity[],
  options: ProofOptions = {},
): Promise<SchemaProof> {
  const held: Held[] = await Promise.all(
    identities.map(async (identity) => {
      const role = options.role || identity.claims?.defaultRole || RECIPE_ROLE
      const session: Record<string, string> = { ...identity.claims?.sessionVariables, 'x-hasura-role': role }
      const prover = createProver(
        identity.client,
        { sub: identity.sub, username: identity.username, userId: session[USER_ID] ?? identity.sub, role, session },
        schema,
        options.role ? { role: options.role } : {},
      )
      await learnKeys(prover)
      const plans = planTables(schema, role)
      const reads = await Promise.all(plans.map((plan) => readTable(prover, plan)))
      return { prover, identity, plans, reads: new Map(reads.map((r) => [r.plan.key, r])) }
    }),
  )
  const known = (await options.foreignIds) ?? []
  const identityReports: IdentityReport[] = []
  // One identity after the other: each one's writes are aimed at rows the others read before any probe ran.
  for (const h of held) {
    const mine = new Set([h.prover.sub, h.prover.userId])
    const foreignIds = [...new Set([...held.map((o) => o.prover.userId), ...known].filter(Boolean))]
      .filter((id) => !mine.has(id))
      .slice(0, 3)
    const probes = await probesOf(h, held, foreignIds, options.role)
    identityReports.push({
      sub: h.prover.sub,
      username: h.prover.username,
      role: h.prover.role,
      verdict: verdictOf(probes),
      probes,
    })
  }
  const tables: TableReport[] = schema.tables.flatMap((table) => {
    const key = tableKey(table)
    const plans = held.flatMap((h) => h.plans.filter((p) => p.key === key))
    if (plans.length === 0) return []
    const kind: TableKind = plans.some((p) => p.kind === 'per-user') ? 'per-user' : 'shared'
    const filters = [...new Map(plans.map((p) => [p.role, { role: p.role, filter: p.filter }])).values()]
    const probes = identityReports.flatMap((r) => r.probes.filter((p) => p.table === key))
    return [{ table: key, kind, filters, verdict: tableVerdict(kind, probes) }]
  })
  const verdict: Verdict = tables.some((t) => t.verdict === 'leak')
    ? 'leak'
    : tables.length === 0 || tables.some((t) => t.verdict === 'error')
      ? 'error'
      : 'isolated'
  return { verdict, project: schema.project, tables, identities: identityReports }
}
