import { describe, expect, it } from 'vitest'
import type { BoolExp, HasuraSchema, TableSchema } from '../../lib/hasura-schema.ts'
import { type EvalContext, evaluateFilter, type Row } from './evaluate-filter.ts'

const users: TableSchema = {
  schema: 'public',
  name: 'users',
  relationships: [{ name: 'notes', kind: 'array', remoteTable: { schema: 'public', name: 'notes' } }],
  select: { user: { columns: ['id', 'username'], filter: { id: { _eq: 'X-Hasura-User-Id' } } } },
  insert: {},
  update: {},
  delete: {},
}
const notes: TableSchema = {
  schema: 'public',
  name: 'notes',
  relationships: [
    { name: 'user', kind: 'object', columns: ['user_id'], remoteTable: { schema: 'public', name: 'users' } },
    { name: 'tags', kind: 'array', remoteTable: { schema: 'public', name: 'tags' } },
  ],
  select: { user: { columns: '*', filter: { user_id: { _eq: 'X-Hasura-User-Id' } } } },
  insert: {},
  update: {},
  delete: {},
}
const tags: TableSchema = {
  schema: 'public',
  name: 'tags',
  relationships: [],
  select: { user: { columns: '*', filter: {} } },
  insert: {},
  update: {},
  delete: {},
}
const schema: HasuraSchema = { project: 'test', tables: [users, notes, tags] }
const ctx: EvalContext = {
  schema,
  role: 'user',
  session: { 'x-hasura-user-id': 'alice', 'x-hasura-org-id': '7', 'x-hasura-ids': '{a,b}' },
}

const on = (filter: BoolExp, row: Row, table: TableSchema = notes, c: EvalContext = ctx) =>
  evaluateFilter(filter, row, table, c)

describe('evaluateFilter: comparison operators', () => {
  it.each([
    [{ body: { _eq: 'x' } }, { body: 'x' }, true],
    [{ body: { _eq: 'x' } }, { body: 'y' }, false],
    [{ body: 'x' }, { body: 'x' }, true], // shorthand for _eq
    [{ body: { _neq: 'x' } }, { body: 'y' }, true],
    [{ body: { _neq: 'x' } }, { body: 'x' }, false],
    [{ n: { _gt: 2 } }, { n: 3 }, true],
    [{ n: { _gt: 2 } }, { n: 2 }, false],
    [{ n: { _gte: 2 } }, { n: 2 }, true],
    [{ n: { _lt: 2 } }, { n: 1 }, true],
    [{ n: { _lte: 2 } }, { n: 3 }, false],
    [{ d: { _gt: '2024-01-01' } }, { d: '2024-05-01' }, true],
    [{ n: { _in: [1, 2] } }, { n: 2 }, true],
    [{ n: { _in: [1, 2] } }, { n: 3 }, false],
    [{ n: { _nin: [1, 2] } }, { n: 3 }, true],
    [{ n: { _nin: [1, 2] } }, { n: 1 }, false],
    [{ body: { _is_null: true } }, { body: null }, true],
    [{ body: { _is_null: true } }, { body: 'x' }, false],
    [{ body: { _is_null: false } }, { body: 'x' }, true],
    [{ body: { _like: 'a%c_' } }, { body: 'abbcd' }, true],
    [{ body: { _like: 'a%' } }, { body: 'Abc' }, false],
    [{ body: { _like: '100\\%' } }, { body: '100%' }, true],
    [{ body: { _like: '100\\%' } }, { body: '1000' }, false],
    [{ body: { _ilike: 'a%' } }, { body: 'Abc' }, true],
    [{ body: { _nlike: '%secret%' } }, { body: 'my secret note' }, false],
    [{ body: { _nilike: '%SECRET%' } }, { body: 'public' }, true],
    [{ body: { _similar: '(a|b)%' } }, { body: 'banana' }, true],
    [{ body: { _nsimilar: '(a|b)%' } }, { body: 'cherry' }, true],
    [{ body: { _regex: '^ab+$' } }, { body: 'abbb' }, true],
    [{ body: { _iregex: '^AB' } }, { body: 'abc' }, true],
    [{ body: { _nregex: 'x' } }, { body: 'abc' }, true],
    [{ body: { _niregex: 'X' } }, { body: 'xyz' }, false],
    [{ a: { _ceq: 'b' } }, { a: 1, b: 1 }, true],
    [{ a: { _cne: 'b' } }, { a: 1, b: 1 }, false],
    [{ a: { _cgt: 'b' } }, { a: 2, b: 1 }, true],
    [{ a: { $eq: 'x' } }, { a: 'x' }, true], // legacy spelling
  ])('%j on %j is %s', (filter, row, expected) => {
    expect(on(filter, row)).toBe(expected)
  })

  it('reads SQL NULL as Postgres does: a NULL column compares to nothing, and NOT NULL stays NULL', () => {
    expect(on({ body: { _eq: 'x' } }, { body: null })).toBe(false)
    expect(on({ body: { _neq: 'x' } }, { body: null })).toBe(false)
    expect(on({ _not: { body: { _eq: 'x' } } }, { body: null })).toBe(false)
    expect(on({ _or: [{ body: { _eq: 'x' } }, { id: { _eq: 1 } }] }, { body: null, id: 1 })).toBe(true)
  })

  it("reads a permission's _eq: null / _neq: null as IS NULL / IS NOT NULL", () => {
    expect(on({ owner: { _eq: null } }, { owner: null })).toBe(true)
    expect(on({ owner: { _eq: null } }, { owner: 'bob' })).toBe(false)
    expect(on({ owner: { _neq: null } }, { owner: 'bob' })).toBe(true)
  })

  it('is undecided on a column it did not read and on an operator it does not know, never a verdict', () => {
    expect(on({ user_id: { _eq: 'X-Hasura-User-Id' } }, { id: 1 })).toBe('unknown')
    expect(on({ data: { _contains: { a: 1 } } }, { data: { a: 1 } })).toBe('unknown')
    // … but a sure false elsewhere in an _and decides it.
    expect(on({ user_id: { _eq: 'X-Hasura-User-Id' }, body: { _eq: 'x' } }, { body: 'y' })).toBe(false)
  })
})

describe('evaluateFilter: session variables', () => {
  it('substitutes them, their names case-insensitive', () => {
    expect(on({ user_id: { _eq: 'X-Hasura-User-Id' } }, { user_id: 'alice' })).toBe(true)
    expect(on({ user_id: { _eq: 'x-hasura-user-id' } }, { user_id: 'alice' })).toBe(true)
    expect(on({ user_id: { _eq: 'X-HASURA-USER-ID' } }, { user_id: 'bob' })).toBe(false)
    expect(on({ user_id: 'X-Hasura-User-Id' }, { user_id: 'bob' })).toBe(false)
  })

  it("casts them to the column's type, as Postgres casts the text Hasura binds", () => {
    expect(on({ org_id: { _eq: 'X-Hasura-Org-Id' } }, { org_id: 7 })).toBe(true)
    expect(on({ org_id: { _gt: 'X-Hasura-Org-Id' } }, { org_id: 10 })).toBe(true)
  })

  it('reads a Postgres array literal in a session variable as the list of _in', () => {
    expect(on({ tag: { _in: 'X-Hasura-Ids' } }, { tag: 'b' })).toBe(true)
    expect(on({ tag: { _nin: 'X-Hasura-Ids' } }, { tag: 'b' })).toBe(false)
    expect(on({ tag: { _in: ['X-Hasura-User-Id', 'carol'] } }, { tag: 'alice' })).toBe(true)
  })

  it('is undecided on a session variable the token does not carry (Hasura would refuse the request)', () => {
    expect(on({ team: { _eq: 'X-Hasura-Team-Id' } }, { team: 'a' })).toBe('unknown')
  })
})

describe('evaluateFilter: _and, _or, _not', () => {
  const mine = { user_id: { _eq: 'X-Hasura-User-Id' } }
  const published = { published: { _eq: true } }
  it.each([
    [{ _and: [mine, published] }, { user_id: 'alice', published: false }, false],
    [{ _and: [mine, published] }, { user_id: 'alice', published: true }, true],
    [{ _or: [mine, published] }, { user_id: 'bob', published: true }, true],
    [{ _or: [mine, published] }, { user_id: 'bob', published: false }, false],
    [{ _not: mine }, { user_id: 'bob' }, true],
    [{ _and: [] }, {}, true],
    [{ _or: [] }, {}, false],
    [{ _or: mine }, { user_id: 'alice' }, true], // a single expression for a list
    [{ $or: [mine, published] }, { user_id: 'bob', published: true }, true],
  ])('%j on %j is %s', (filter, row, expected) => {
    expect(on(filter, row)).toBe(expected)
  })

  it('lets a sure answer win over an undecided one (Kleene logic)', () => {
    expect(on({ _or: [mine, { unseen: { _eq: 1 } }] }, { user_id: 'alice' })).toBe(true)
    expect(on({ _or: [mine, { unseen: { _eq: 1 } }] }, { user_id: 'bob' })).toBe('unknown')
    expect(on({ _and: [mine, { unseen: { _eq: 1 } }] }, { user_id: 'bob' })).toBe(false)
  })
})

describe('evaluateFilter: relationships and _exists', () => {
  const throughUser = { user: { id: { _eq: 'X-Hasura-User-Id' } } }
  it('follows an object relationship', () => {
    expect(on(throughUser, { user: { id: 'alice' } })).toBe(true)
    expect(on(throughUser, { user: { id: 'bob' } })).toBe(false)
  })

  it('leaves an absent object relationship undecided when the role may not see every related row', () => {
    // users' filter hides other users: a null `user` may be a hidden one.
    expect(on(throughUser, { user: null })).toBe('unknown')
    expect(on(throughUser, {})).toBe('unknown')
  })

  it('reads an array relationship as "at least one"', () => {
    const tagged = { tags: { name: { _eq: 'work' } } }
    expect(on(tagged, { tags: [{ name: 'home' }, { name: 'work' }] })).toBe(true)
    // tags' filter is {}: the role sees every tag, so none matching means false.
    expect(on(tagged, { tags: [{ name: 'home' }] })).toBe(false)
    expect(on(tagged, { tags: [] })).toBe(false)
  })

  it('follows relationship paths two levels deep', () => {
    const filter = { notes: { user: { id: { _eq: 'X-Hasura-User-Id' } } } }
    expect(on(filter, { notes: [{ user: { id: 'bob' } }, { user: { id: 'alice' } }] }, users)).toBe(true)
    expect(on(filter, { notes: [{ user: { id: 'bob' } }] }, users)).toBe('unknown') // notes of others are hidden
  })

  it('reads a table the schema does not know by shape', () => {
    const unknownTarget: TableSchema = { ...notes, relationships: [{ name: 'owner', kind: 'object' }] }
    expect(on({ owner: { id: { _eq: 'X-Hasura-User-Id' } } }, { owner: { id: 'alice' } }, unknownTarget)).toBe(true)
    expect(on({ owner: { id: { _eq: 'X-Hasura-User-Id' } } }, { owner: { id: 'bob' } }, unknownTarget)).toBe(false)
    expect(evaluateFilter({ owner: { profile: { _and: [] } } }, { owner: { profile: { x: 1 } } }, undefined, ctx)).toBe(
      true,
    )
  })

  it('compares with the root row through _ceq: ["$", column]', () => {
    const filter = { tags: { owner: { _ceq: ['$', 'user_id'] } } }
    expect(on(filter, { user_id: 'alice', tags: [{ owner: 'alice' }] })).toBe(true)
    expect(on(filter, { user_id: 'alice', tags: [{ owner: 'bob' }] })).toBe(false)
  })

  it('takes _exists from what was settled beforehand', () => {
    const spec = { _table: { schema: 'public', name: 'tags' }, _where: { name: { _eq: 'admin' } } }
    const filter = { _exists: spec }
    expect(on(filter, {}, notes, { ...ctx, exists: (s) => (s === spec ? true : 'unknown') })).toBe(true)
    expect(on(filter, {}, notes, { ...ctx, exists: () => false })).toBe(false)
    expect(on(filter, {}, notes, ctx)).toBe('unknown')
  })
})
