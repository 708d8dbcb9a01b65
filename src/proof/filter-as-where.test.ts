import { describe, expect, it } from 'vitest'
import type { HasuraSchema, TableSchema } from '../../lib/hasura-schema.ts'
import { evaluateFilter } from './evaluate-filter.ts'
import { filterAsWhere } from './filter-as-where.ts'

const notes: TableSchema = {
  schema: 'public',
  name: 'notes',
  relationships: [],
  select: { user: { columns: '*', filter: {} } },
  insert: {},
  update: {},
  delete: {},
}
const schema: HasuraSchema = { project: 'test', tables: [notes] }

describe('filterAsWhere', () => {
  it('reads an array literal in a session variable as the browser check does: elements trimmed and unquoted', () => {
    const filter = { tag: { _in: 'X-Hasura-Tags' } }
    const session = { 'x-hasura-tags': '{a, "b"}' }
    expect(filterAsWhere(schema, notes, filter, session)).toEqual({ tag: { _in: ['a', 'b'] } })
    expect(evaluateFilter(filter, { tag: 'b' }, notes, { schema, role: 'user', session })).toBe(true)
  })
})
