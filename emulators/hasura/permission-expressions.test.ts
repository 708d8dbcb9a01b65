import { describe, expect, it } from 'vitest'
import type { Table } from './catalog.ts'
import type { BoolExp, Relationship, TableMetadata } from './metadata.ts'
import { checkPermissionExpressions } from './permission-expressions.ts'

const users = { schema: 'public', name: 'users' }
const toUser: Relationship = {
  name: 'user',
  kind: 'object',
  using: { foreignKey: { on: 'this', columns: ['user_id'] } },
  remoteTable: users,
  columnMapping: { user_id: 'id' },
}

function table(name: string, columns: string[], relationships: Relationship[], filter: BoolExp = {}): Table {
  const metadata: TableMetadata = {
    schema: 'public',
    name,
    file: `metadata/databases/default/tables/public_${name}.yaml`,
    relationships,
    select: new Map([['user', { columns: '*', filter, allowAggregations: false }]]),
    insert: new Map(),
    update: new Map(),
    delete: new Map(),
  }
  const cols = columns.map((c) => ({ name: c, pgType: 'text', nullable: true, hasDefault: false }))
  return {
    metadata,
    schema: 'public',
    name,
    graphqlName: name,
    displayName: name,
    columns: cols,
    uniqueConstraints: [],
    relationships,
  }
}

const usersTable = table('users', ['id', 'username'], [])
const notesWith = (filter: BoolExp) => table('notes', ['id', 'user_id', 'body'], [toUser], filter)

describe('permission expressions at start-up', () => {
  it('accepts columns, relationships (also through $-spellings and _exists) and known operators', () => {
    const filter = {
      $or: [{ user_id: 'X-Hasura-User-Id' }, { user: { id: { $eq: 'X-Hasura-User-Id' } } }],
      _not: { body: { _ilike: '%secret%', _is_null: false } },
      _exists: { _table: users, _where: { username: { _in: ['a'] } } },
    }
    expect(() => checkPermissionExpressions([usersTable, notesWith(filter)])).not.toThrow()
  })

  it.each([
    [{ owner: { _eq: 'X-Hasura-User-Id' } }, 'no column or relationship "owner" in table "notes"'],
    [{ user: { sub: { _eq: 'X-Hasura-User-Id' } } }, 'no column or relationship "sub" in table "users"'],
    [{ _and: [{ body: { _contains: 'x' } }] }, 'unknown operator "_contains" on column "body" of table "notes"'],
    [{ _exists: { _table: { name: 'people' }, _where: {} } }, '_exists: table "people" is not tracked'],
  ])('stops at %j, naming the table, the permission and what is missing', (filter, reason) => {
    expect(() => checkPermissionExpressions([usersTable, notesWith(filter)])).toThrow(
      `metadata/databases/default/tables/public_notes.yaml: inconsistent object: in table "notes": in select permission for role "user": filter: ${reason}`,
    )
  })
})
