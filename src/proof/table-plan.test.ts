import { describe, expect, it } from 'vitest'
import type { HasuraSchema, TableSchema } from '../../lib/hasura-schema.ts'
import { filterAsWhere } from './filter-as-where.ts'
import { addFilterFields, printSelection } from './filter-selection.ts'
import { ownershipOf, planTables } from './table-plan.ts'

const table = (name: string, overrides: Partial<TableSchema> = {}): TableSchema => ({
  schema: 'public',
  name,
  relationships: [],
  select: {},
  insert: {},
  update: {},
  delete: {},
  ...overrides,
})
const users = table('users', {
  relationships: [{ name: 'notes', kind: 'array', remoteTable: { schema: 'public', name: 'notes' } }],
  select: { user: { columns: ['id', 'username'], filter: { id: { _eq: 'X-Hasura-User-Id' } } } },
})
const notes = table('notes', {
  relationships: [
    { name: 'user', kind: 'object', columns: ['user_id'], remoteTable: { schema: 'public', name: 'users' } },
  ],
  select: {
    user: { columns: ['id', 'body'], filter: { user: { id: { _eq: 'x-hasura-user-id' } } } },
    auditor: { columns: '*', filter: {} },
  },
  insert: { user: { columns: ['body'], check: {}, set: { user_id: 'X-Hasura-User-Id' } } },
})
const articles = table('articles', {
  schema: 'blog',
  select: {
    user: {
      columns: '*',
      filter: { _or: [{ author_id: { _eq: 'X-Hasura-User-Id' } }, { published: { _eq: true } }] },
    },
  },
  insert: { user: { columns: '*', check: { author_id: { _eq: 'X-Hasura-User-Id' } }, set: {} } },
})
const countries = table('countries', { select: { user: { columns: '*', filter: {} } } })
const teams = table('teams', {
  select: {
    user: {
      columns: '*',
      filter: {
        _exists: { _table: { schema: 'public', name: 'members' }, _where: { user_id: { _eq: 'X-HASURA-USER-ID' } } },
      },
    },
    guest: { columns: '*', filter: { org_id: { _eq: 'X-Hasura-Org-Id' } } },
  },
})
const schema: HasuraSchema = { project: 'test', tables: [users, notes, articles, countries, teams] }

describe('planTables', () => {
  it('lists the tables the role may select, per-user when the filter depends on X-Hasura-User-Id', () => {
    expect(planTables(schema, 'user').map((p) => [p.key, p.graphqlName, p.kind])).toEqual([
      ['public.users', 'users', 'per-user'],
      ['public.notes', 'notes', 'per-user'], // through a relationship, the name in lower case
      ['blog.articles', 'blog_articles', 'per-user'],
      ['public.countries', 'countries', 'shared'],
      ['public.teams', 'teams', 'per-user'], // inside _exists, the name in upper case
    ])
  })

  it('calls shared what depends on other session variables only, or on nothing', () => {
    expect(planTables(schema, 'guest').map((p) => [p.key, p.kind])).toEqual([['public.teams', 'shared']])
    expect(planTables(schema, 'auditor').map((p) => [p.key, p.kind, p.filter])).toEqual([
      ['public.notes', 'shared', {}],
    ])
    expect(planTables(schema, 'nobody')).toEqual([])
  })
})

describe('ownershipOf', () => {
  it("finds the column an insert's owner goes in: a preset, a check, or the select filter", () => {
    expect(ownershipOf(notes, 'user')).toEqual({ column: 'user_id', how: 'preset' })
    expect(ownershipOf(articles, 'user')).toEqual({ column: 'author_id', how: 'check' })
    expect(ownershipOf(users, 'user')).toEqual({ column: 'id', how: 'filter' })
    expect(ownershipOf(countries, 'user')).toBeUndefined()
  })

  it('follows a check through an object relationship to its foreign-key column', () => {
    const viaRelationship = {
      ...notes,
      insert: { user: { columns: '*' as const, check: { user: { id: { _eq: 'X-Hasura-User-Id' } } }, set: {} } },
    }
    expect(ownershipOf(viaRelationship, 'user')).toEqual({ column: 'user_id', how: 'check' })
    const inAnd = {
      ...articles,
      insert: { user: { columns: '*' as const, check: { _and: [{ author_id: 'X-Hasura-User-Id' }] }, set: {} } },
    }
    expect(ownershipOf(inAnd, 'user')).toEqual({ column: 'author_id', how: 'check' })
  })
})

describe('filterAsWhere', () => {
  const session = { 'x-hasura-user-id': 'bob', 'x-hasura-org-id': '7' }
  it("puts the other session's values in, and a permission's _eq: null as _is_null", () => {
    expect(filterAsWhere(schema, notes, { user: { id: { $eq: 'X-Hasura-User-Id' } } }, session)).toEqual({
      user: { id: { _eq: 'bob' } },
    })
    expect(
      filterAsWhere(schema, articles, { _or: [{ author_id: 'X-Hasura-User-Id' }, { owner: { _eq: null } }] }, session),
    ).toEqual({ _or: [{ author_id: { _eq: 'bob' } }, { owner: { _is_null: true } }] })
    expect(filterAsWhere(schema, teams, { org_id: { _in: ['X-Hasura-Org-Id', '8'] } }, session)).toEqual({
      org_id: { _in: ['7', '8'] },
    })
  })

  it('has none for permission-only syntax or a session variable the session lacks', () => {
    expect(filterAsWhere(schema, teams, teams.select.user?.filter ?? {}, session)).toBeUndefined()
    expect(filterAsWhere(schema, notes, { a: { _ceq: 'b' } }, session)).toBeUndefined()
    expect(filterAsWhere(schema, notes, { a: { _eq: 'X-Hasura-Team' } }, session)).toBeUndefined()
  })
})

describe('addFilterFields', () => {
  it('selects the columns and relationship paths a filter reads, and only what the role may select', () => {
    const unreadable: string[] = []
    const selection = addFilterFields(
      { schema, role: 'user', unreadable },
      { _and: [{ user: { id: { _eq: 'X-Hasura-User-Id' }, email: { _neq: '' } } }, { secret: { _eq: 1 } }] },
      notes,
      new Map(),
    )
    expect(printSelection(selection)).toBe('user { id }')
    expect(unreadable).toEqual(['user.email', 'secret'])
  })

  it('leaves _exists out (it is settled from its own table) and follows _ceq to the root row', () => {
    const selection = addFilterFields(
      { schema, role: 'user' },
      { notes: { body: { _ceq: ['$', 'username'] } }, _exists: { _table: { name: 'x' }, _where: { y: 1 } } },
      users,
      new Map(),
    )
    expect(printSelection(selection)).toBe('notes { body } username')
  })
})
