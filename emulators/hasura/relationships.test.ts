import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { type ForeignKey, loadMetadata, type TableMetadata } from './metadata.ts'
import { type RelationshipCatalog, resolveRelationships } from './relationships.ts'
import { inlineProject } from './testing.ts'

/** A one-file project whose tables are given inline, read through `loadMetadata`. */
function project(tables: string): TableMetadata[] {
  return loadMetadata(inlineProject(tables)).tables
}

const users = { schema: 'public', name: 'users' }
const notes = { schema: 'public', name: 'notes' }
const notesUserFk: ForeignKey = {
  name: 'notes_user_id_fkey',
  table: notes,
  columns: ['user_id'],
  refTable: users,
  refColumns: ['id'],
}
const catalog: RelationshipCatalog = {
  columnsOf: (t) => ({ users: ['id', 'username'], notes: ['id', 'user_id', 'body'] })[t.name],
  foreignKeys: [notesUserFk],
}

const NOTES_AND_USERS = `
- table: { schema: public, name: notes }
  object_relationships:
    - name: user
      using:
        foreign_key_constraint_on: user_id
    - name: author
      using:
        manual_configuration:
          remote_table: users
          column_mapping: { user_id: id }
- table: { schema: public, name: users }
  array_relationships:
    - name: notes
      using:
        foreign_key_constraint_on:
          column: user_id
          table: { schema: public, name: notes }
    - name: notes_by_columns
      using:
        foreign_key_constraint_on: { table: notes, columns: [user_id] }
`

describe('relationships in metadata', () => {
  it('reads the three using forms, object relationships first', () => {
    const [notesTable, usersTable] = project(NOTES_AND_USERS)
    expect(notesTable?.relationships).toEqual([
      { name: 'user', kind: 'object', using: { foreignKey: { on: 'this', columns: ['user_id'] } } },
      {
        name: 'author',
        kind: 'object',
        using: { manual: { remoteTable: users, columnMapping: { user_id: 'id' } } },
        remoteTable: users,
        columnMapping: { user_id: 'id' },
      },
    ])
    expect(usersTable?.relationships.map((r) => r.using)).toEqual([
      { foreignKey: { on: 'remote', table: notes, columns: ['user_id'] } },
      { foreignKey: { on: 'remote', table: notes, columns: ['user_id'] } },
    ])
  })

  it('resolves them against the catalog: the related table and local → remote columns', () => {
    const [notesTable, usersTable] = project(NOTES_AND_USERS) as [TableMetadata, TableMetadata]
    expect(
      resolveRelationships(notesTable, catalog).map((r) => [r.name, r.kind, r.remoteTable, r.columnMapping]),
    ).toEqual([
      ['user', 'object', users, { user_id: 'id' }],
      ['author', 'object', users, { user_id: 'id' }],
    ])
    expect(
      resolveRelationships(usersTable, catalog).map((r) => [r.name, r.kind, r.remoteTable, r.columnMapping]),
    ).toEqual([
      ['notes', 'array', notes, { id: 'user_id' }],
      ['notes_by_columns', 'array', notes, { id: 'user_id' }],
    ])
  })

  it.each([
    ['using: {}', 'atleast one of foreign_key_constraint_on/manual_configuration should be present'],
    [
      'using: { foreign_key_constraint_on: user_id, manual_configuration: { remote_table: users, column_mapping: { user_id: id } } }',
      'only one of foreign_key_constraint_on/manual_configuration should be present',
    ],
    ['using: { foreign_key_constraint_on: { table: notes } }', "expected exactly one of 'column' or 'columns'"],
    ['using: { foreign_key_constraint_on: 7 }', 'expected a column name or a non-empty list of column names'],
    [
      'using: { manual_configuration: { remote_table: users } }',
      'expected "column_mapping" to map local column names to remote ones',
    ],
  ])('refuses %s, naming the place', (using, reason) => {
    expect(() =>
      project(`- table: { name: notes }\n  object_relationships:\n    - name: user\n      ${using}\n`),
    ).toThrow(new RegExp(`^metadata/databases/tables\\.yaml:\\d+:\\d+: ${reason.replace(/[{}()[\].*]/g, '\\$&')}$`))
  })

  it('refuses an array relationship on a column of its own table, and two relationships of one name', () => {
    expect(() =>
      project(
        '- table: { name: users }\n  array_relationships:\n    - name: notes\n      using: { foreign_key_constraint_on: user_id }\n',
      ),
    ).toThrow('metadata/databases/tables.yaml:4:43: Expecting object { table, columns }.')
    expect(() =>
      project(
        `- table: { name: notes }\n  object_relationships:\n    - { name: user, using: { foreign_key_constraint_on: user_id } }\n  array_relationships:\n    - { name: user, using: { foreign_key_constraint_on: { table: x, column: y } } }\n`,
      ),
    ).toThrow('metadata/databases/tables.yaml:5:15: multiple relationships named "user"')
  })

  it.each([
    [
      'a remote table that is not tracked',
      'manual_configuration: { remote_table: people, column_mapping: { user_id: id } }',
      'table "people" does not exist',
    ],
    [
      'a local column that does not exist',
      'manual_configuration: { remote_table: users, column_mapping: { owner: id } }',
      'column "owner" does not exist in table "notes"',
    ],
    [
      'a remote column that does not exist',
      'manual_configuration: { remote_table: users, column_mapping: { user_id: sub } }',
      'column "sub" does not exist in table "users"',
    ],
    [
      'a column without a foreign key',
      'foreign_key_constraint_on: body',
      'no foreign constraint exists on the given column ("body" of table "notes")',
    ],
  ])('stops at %s, naming the table and relationship', (_, using, reason) => {
    const [table] = project(
      `- table: { name: notes }\n  object_relationships:\n    - name: user\n      using: { ${using} }\n`,
    )
    expect(() => resolveRelationships(table as TableMetadata, catalog)).toThrow(
      `metadata/databases/tables.yaml: inconsistent object: in table "notes": in relationship "user": ${reason}`,
    )
  })

  it('stops at an array relationship whose foreign key references another table, and at a name taken by a column', () => {
    const [table] = project(
      '- table: { name: notes }\n  array_relationships:\n    - { name: children, using: { foreign_key_constraint_on: { table: notes, column: user_id } } }\n    - { name: body, using: { foreign_key_constraint_on: { table: users, column: id } } }\n',
    )
    expect(() => resolveRelationships(table as TableMetadata, catalog)).toThrow(
      'in relationship "children": no foreign constraint exists on the given column ("user_id" of table "notes")',
    )
    const [other] = project(
      '- table: { name: notes }\n  object_relationships:\n    - { name: body, using: { foreign_key_constraint_on: user_id } }\n',
    )
    expect(() => resolveRelationships(other as TableMetadata, catalog)).toThrow(
      'in relationship "body": field definition conflicts with postgres column',
    )
  })

  it('stops at two foreign keys on the same column, as Hasura does', () => {
    const [table] = project(
      '- table: { name: notes }\n  object_relationships:\n    - { name: user, using: { foreign_key_constraint_on: user_id } }\n',
    )
    const twice = { ...catalog, foreignKeys: [notesUserFk, { ...notesUserFk, name: 'notes_user_id_fkey1' }] }
    expect(() => resolveRelationships(table as TableMetadata, twice)).toThrow(
      'more than one foreign key constraint exists on the given column',
    )
  })
})

// Parsed YAML stays plain data: the structure can be handed to a JSON consumer (the SPA) as it is.
it('relationship metadata round-trips through JSON', () => {
  const [table] = project(NOTES_AND_USERS)
  expect(parse(JSON.stringify(table?.relationships))).toEqual(table?.relationships)
})
