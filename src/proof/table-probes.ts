/**
 * The proof for one table, as one identity, once every identity has read its rows (table-read.ts):
 * - every row I read satisfies the select filter **for me**, evaluated in the browser (every table);
 * - per-user tables: the filter aimed at another user's id (as a `where`) returns nothing of theirs; with another
 *   identity held, their rows that my filter excludes are `null` by primary key, and updates and deletes aimed at
 *   them affect 0 rows; an insert claiming another user's ownership is refused.
 * A write that succeeds has really written: an update sets a column to the value it already had, a probe row that
 * got in is deleted again (and said so), a delete that got through is reported — it cannot be undone.
 */
import type { DocumentNode } from '@apollo/client'
import type { BoolExp } from '../../lib/hasura-schema.ts'
import { USER_ID } from './bool-exp.ts'
import { evaluateFilter, type Row } from './evaluate-filter.ts'
import { filterAsWhere } from './filter-as-where.ts'
import { canSelect, type Selection } from './filter-selection.ts'
import { byPkQuery, deleteMutation, insertMutation, type KeyArg, rowsQuery, updateMutation } from './operations.ts'
import { explain, hintOf, type Outcome, type ProbeResult } from './probes.ts'
import { evalContext, type Prover, type TableRead } from './table-read.ts'

/** Another identity held in this tab, with what it read of the same table. */
export interface Other {
  prover: Prover
  read?: TableRead
}

/** How a row is named in a result: by its primary key, else by what was read of it. */
function rowLabel(row: Row, keys: KeyArg[] | undefined): string {
  if (keys?.length) return keys.map((k) => `${k.name}=${String(row[k.name])}`).join(',')
  const { __typename: _, ...fields } = row
  const text = JSON.stringify(fields)
  return text.length > 80 ? `${text.slice(0, 79)}…` : text
}

const listed = (rows: Row[], keys: KeyArg[] | undefined) => {
  const shown = rows.slice(0, 5).map((r) => rowLabel(r, keys))
  return `${shown.join('; ')}${rows.length > shown.length ? ` and ${rows.length - shown.length} more` : ''}`
}

const UNDECIDED =
  'The filter reads related rows or columns that this role cannot see, so the browser cannot tell whether these rows are yours. Make them selectable to the role (or check the relationship), and run the proof again.'

interface Checked {
  outcome: Outcome
  actual: string
  hint?: string
}

/** Every row must satisfy my select filter; a row that surely does not is a leak. */
function checkRows(me: Prover, read: TableRead, rows: Row[], emptyText: string, fullText: string): Checked {
  const { plan } = read
  const keys = me.keys?.get(plan.graphqlName)
  const ctx = evalContext(me, read)
  const verdicts = rows.map((row) => evaluateFilter(plan.filter, row, plan.table, ctx))
  const leaked = rows.filter((_, i) => verdicts[i] === false)
  const undecided = rows.filter((_, i) => verdicts[i] === 'unknown')
  if (leaked.length) {
    return { outcome: 'leak', actual: `${leaked.length} row(s) the filter does not give me: ${listed(leaked, keys)}` }
  }
  if (undecided.length) {
    const blind = read.unreadable.length
      ? ` — the role cannot select ${read.unreadable.join(', ')}, which the filter reads`
      : ''
    return {
      outcome: read.unreadable.length ? 'skipped' : 'fail',
      actual: `${undecided.length} row(s) the browser cannot check${blind}: ${listed(undecided, keys)}`,
      hint: read.unreadable.length ? undefined : UNDECIDED,
    }
  }
  return { outcome: 'pass', actual: rows.length ? fullText.replace('#', String(rows.length)) : emptyText }
}

function result(read: TableRead, id: string, title: string, expected: string, checked: Checked): ProbeResult {
  return { table: read.plan.key, id: `${read.plan.key}:${id}`, title, expected, ...checked }
}

const failed = (error: unknown): Checked => ({ outcome: 'fail', actual: explain(error), hint: hintOf(error) })

/** The rows I read: every one satisfies the filter for me. */
export function rowsProbe(me: Prover, read: TableRead): ProbeResult {
  const { plan } = read
  const title = `every row ${plan.graphqlName} returns satisfies its filter for me (checked in the browser)`
  const expected = plan.kind === 'per-user' ? `only rows whose filter holds for ${me.userId}` : 'rows the filter allows'
  if (!read.rows) return result(read, 'rows', title, expected, failed(read.error))
  return result(
    read,
    'rows',
    title,
    expected,
    checkRows(me, read, read.rows, 'no rows (nothing to check)', '# row(s), each satisfies the filter'),
  )
}

/** `<t>(where: <my filter, for another user>)`: nothing of theirs comes back. */
async function byFilterProbes(me: Prover, read: TableRead, foreignIds: string[]): Promise<ProbeResult[]> {
  const { plan } = read
  const title = (id: string) => `${plan.graphqlName}(where: its filter for ${id}) returns none of their rows`
  const expected = '[] (or only rows the filter gives me)'
  const whereFor = (id: string) => filterAsWhere(me.schema, plan.table, plan.filter, { ...me.session, [USER_ID]: id })
  const skip = (actual: string) => [
    result(read, 'by-filter', title('another user'), expected, { outcome: 'skipped', actual }),
  ]
  if (foreignIds.length === 0) return skip('no other user id known — enter one to run this probe')
  if (!whereFor(''))
    return skip('the filter has no where form (_exists, a column comparison, or a session variable the token lacks)')
  const document = rowsQuery(plan.graphqlName, read.selection, true)
  return Promise.all(
    foreignIds.map(async (id) => {
      const { data, error } = await me.query<{ rows: Row[] }>(document, { where: whereFor(id) })
      const checked = data?.rows
        ? checkRows(me, read, data.rows, '[]', '# row(s), each mine by the filter')
        : failed(error)
      return result(read, `by-filter:${id}`, title(id), expected, checked)
    }),
  )
}

const keyWhere = (row: Row, keys: KeyArg[]): BoolExp =>
  Object.fromEntries(keys.map((k) => [k.name, { _eq: row[k.name] }]))
const keyVariables = (row: Row, keys: KeyArg[]) => Object.fromEntries(keys.map((k) => [k.name, row[k.name]]))

/** A column I may update whose current value the other identity read: setting it to that value changes nothing. */
function harmlessSet(me: Prover, read: TableRead, row: Row, keys: KeyArg[]): Record<string, unknown> | undefined {
  const columns = read.plan.table.update[me.role]?.columns
  const isKey = (c: string) => keys.some((k) => k.name === c)
  const candidates = (columns === '*' ? Object.keys(row) : (columns ?? [])).filter(
    (c) => c in row && c !== '__typename' && (row[c] === null || typeof row[c] !== 'object'),
  )
  const column = candidates.find((c) => !isKey(c)) ?? candidates[0]
  return column === undefined ? undefined : { [column]: row[column] }
}

type Written = { written: { affected_rows: number } | null }

/** An update or delete aimed at a row my filter keeps from me: refused or 0 rows passes; any row written is a leak. */
async function writeProbe(
  me: Prover,
  document: DocumentNode,
  variables: Record<string, unknown>,
  leak: (affected: number) => string,
  none: string,
): Promise<Checked> {
  const { data, error } = await me.mutate<Written>(document, variables)
  if (error) return { outcome: 'pass', actual: `refused — ${explain(error)}` }
  const affected = data?.written?.affected_rows ?? 0
  return affected > 0 ? { outcome: 'leak', actual: leak(affected) } : { outcome: 'pass', actual: none }
}

/** Reads by key, update, delete — aimed at one row of another identity that my filter keeps from me. */
async function aimAtRow(me: Prover, read: TableRead, row: Row, keys: KeyArg[], owner: string) {
  const { plan } = read
  const { table, graphqlName: name } = plan
  const label = rowLabel(row, keys)
  const ctx = evalContext(me, read)
  const results: ProbeResult[] = []
  const byPk = await me.query<{ row: Row | null }>(byPkQuery(name, keys, read.selection), keyVariables(row, keys))
  results.push(
    result(
      read,
      `by-pk:${label}`,
      `${name}_by_pk(${label}) of ${owner} is null`,
      'null',
      byPk.error
        ? failed(byPk.error)
        : byPk.data?.row
          ? { outcome: 'leak', actual: `returned ${owner}'s row ${label}` }
          : { outcome: 'pass', actual: 'null' },
    ),
  )
  const update = table.update[me.role]
  if (update && evaluateFilter(update.filter, row, table, ctx) !== true) {
    const set = harmlessSet(me, read, row, keys)
    const title = `update_${name}(${label}) of ${owner} affects 0 rows`
    if (!set) {
      results.push(
        result(read, `update:${label}`, title, '0 rows', {
          outcome: 'skipped',
          actual: `${owner}'s row shows no column this role may update`,
        }),
      )
    } else {
      const checked = await writeProbe(
        me,
        updateMutation(name),
        { where: keyWhere(row, keys), set },
        (affected) => `${affected} row(s) updated (${Object.keys(set)[0]} set to the value it had)`,
        '0 rows updated',
      )
      results.push(result(read, `update:${label}`, title, 'refused or 0 rows', checked))
    }
  }
  const remove = table.delete[me.role]
  if (remove && evaluateFilter(remove.filter, row, table, ctx) !== true) {
    const checked = await writeProbe(
      me,
      deleteMutation(name),
      { where: keyWhere(row, keys) },
      () => `deleted ${owner}'s row ${label} — it is gone`,
      '0 rows deleted',
    )
    results.push(
      result(
        read,
        `delete:${label}`,
        `delete_${name}(${label}) of ${owner} affects 0 rows`,
        'refused or 0 rows',
        checked,
      ),
    )
  }
  return results
}

/** The other identities' rows that my select filter surely excludes (at most two per identity). */
function foreignRows(me: Prover, read: TableRead, others: Other[]) {
  const ctx = evalContext(me, read)
  return others.flatMap(({ prover, read: theirs }) =>
    (theirs?.rows ?? [])
      .filter((row) => evaluateFilter(read.plan.filter, row, read.plan.table, ctx) === false)
      .slice(0, 2)
      .map((row) => ({ row, owner: prover.username })),
  )
}

async function crossProbes(me: Prover, read: TableRead, others: Other[]): Promise<ProbeResult[]> {
  const { plan } = read
  const skipped = (actual: string) => [
    result(read, 'cross', `reads by key, updates and deletes aimed at another user's ${plan.graphqlName}`, '—', {
      outcome: 'skipped',
      actual,
    }),
  ]
  if (others.length === 0) return skipped('add another user to aim them at their rows')
  const keys = me.keys?.get(plan.graphqlName)
  if (!keys) {
    return skipped(
      me.keysError
        ? `Hasura refused introspection (${explain(me.keysError)}), so the primary key is unknown`
        : `no ${plan.graphqlName}_by_pk for this role: rows cannot be addressed one by one`,
    )
  }
  const targets = foreignRows(me, read, others)
  if (targets.length === 0) {
    return skipped(`${others.map((o) => o.prover.username).join(', ')} read no rows here that my filter excludes`)
  }
  return (await Promise.all(targets.map(({ row, owner }) => aimAtRow(me, read, row, keys, owner)))).flat()
}

/**
 * Deletes the probe row(s) that got in — as me, else as another identity held (the row may now be theirs) — and says
 * what became of them. `where` picks exactly the probe's rows: by key, or by the marker written into them.
 */
async function cleanUp(me: Prover, read: TableRead, where: BoolExp, inserted: number, others: Other[]) {
  let deleted = 0
  for (const p of [me, ...others.map((o) => o.prover)]) {
    if (deleted >= inserted) break
    if (!read.plan.table.delete[p.role]) continue
    const { data } = await p.mutate<Written>(deleteMutation(read.plan.graphqlName), { where })
    deleted += data?.written?.affected_rows ?? 0
  }
  return deleted >= inserted ? '; deleted again' : `; LEFT BEHIND — delete it: ${JSON.stringify(where)}`
}

/** An insert that claims another user's ownership is refused; one that gets in is a leak (then deleted again). */
async function insertProbe(me: Prover, read: TableRead, others: Other[], foreignId: string): Promise<ProbeResult> {
  const { plan } = read
  const { table, owner, graphqlName: name } = plan
  const insert = table.insert[me.role]
  const title = owner
    ? `insert_${name} with ${owner.column} = ${foreignId} is refused`
    : `insert_${name} claiming ${foreignId}'s ownership is refused`
  const expected = owner?.how === 'preset' ? `refused, or the row is mine (preset ${owner.column})` : 'refused'
  const done = (checked: Checked) => result(read, 'insert', title, expected, checked)
  if (!insert || !owner)
    return done({ outcome: 'skipped', actual: 'the insert permission ties no column to X-Hasura-User-Id' })
  const keys = me.keys?.get(name) ?? []
  const returning: Selection = new Map()
  for (const column of [...keys.map((k) => k.name), owner.column])
    if (canSelect({ schema: me.schema, role: me.role }, table, column)) returning.set(column, null)
  // My own row's other values, so that only the ownership claim can be why it is refused; a text column carries a
  // marker instead, which finds the probe row again even when it cannot be read back.
  const copied = Object.entries(read.rows?.[0] ?? {}).filter(
    ([c, v]) =>
      c !== owner.column &&
      c !== '__typename' &&
      !keys.some((k) => k.name === c) &&
      (insert.columns === '*' || insert.columns.includes(c)) &&
      (v === null || typeof v !== 'object'),
  )
  const object: Row = { ...Object.fromEntries(copied), [owner.column]: foreignId }
  const markerColumn = copied.find(([, v]) => typeof v === 'string')?.[0]
  if (markerColumn) object[markerColumn] = `isolation-probe-${crypto.randomUUID()}`
  const byKey = keys.length > 0 && keys.every((k) => returning.has(k.name)) && returning.has(owner.column)
  const canDelete = [me, ...others.map((o) => o.prover)].some((p) => table.delete[p.role])
  if (!canDelete || !(byKey || markerColumn)) {
    return done({
      outcome: 'skipped',
      actual:
        'a row that got in could not be found and deleted again (no delete permission, or no key or text column to find it by)',
    })
  }
  const { data, error } = await me.mutate<{ written: { affected_rows: number; returning: Row[] } | null }>(
    insertMutation(name, returning),
    { objects: [object] },
  )
  if (error || !data?.written) return done({ outcome: 'pass', actual: `refused — ${explain(error)}` })
  const { affected_rows: affected, returning: rows } = data.written
  if (affected === 0) return done({ outcome: 'pass', actual: 'nothing inserted' })
  const where: BoolExp | undefined =
    byKey && rows.length === affected
      ? { _or: rows.map((row) => keyWhere(row, keys)) }
      : markerColumn
        ? { [markerColumn]: { _eq: object[markerColumn] } }
        : undefined
  const fate = where ? await cleanUp(me, read, where, affected, others) : '; LEFT BEHIND — it cannot be read back'
  // A row I cannot read back is not mine by my own filter: it went to the user it claimed.
  const theirs = rows.length < affected || rows.some((r) => r[owner.column] === foreignId)
  return theirs
    ? done({ outcome: 'leak', actual: `inserted ${affected} row(s) owned by ${foreignId}${fate}` })
    : done({ outcome: 'pass', actual: `inserted, but ${owner.column} is mine (the ${owner.how} overrides it)${fate}` })
}

/** Every probe of one table as `me`; `foreignIds` are other users' ids (at most three). */
export async function tableProbes(
  me: Prover,
  read: TableRead,
  others: Other[],
  foreignIds: string[],
): Promise<ProbeResult[]> {
  const rows = rowsProbe(me, read)
  if (read.plan.kind === 'shared' || !read.rows) return [rows]
  const [byFilter, cross, insert] = await Promise.all([
    byFilterProbes(me, read, foreignIds),
    crossProbes(me, read, others),
    read.plan.table.insert[me.role]
      ? insertProbe(me, read, others, foreignIds[0] ?? `probe-${crypto.randomUUID()}`)
      : undefined,
  ])
  return [rows, ...byFilter, ...cross, ...(insert ? [insert] : [])]
}
