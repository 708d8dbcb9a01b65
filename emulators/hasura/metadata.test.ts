import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultConfig } from './config.ts'
import { openPglite } from './database.ts'
import { loadMetadata } from './metadata.ts'
import { createHasura } from './server.ts'

const project = path.resolve(import.meta.dirname, '../../hasura')
function copyOfProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hasura-project-'))
  cpSync(project, dir, { recursive: true })
  return dir
}
const tableFile = (dir: string) => path.join(dir, 'metadata/databases/default/tables/public_users.yaml')

describe('metadata', () => {
  it('reads the project through its !include chain', () => {
    const metadata = loadMetadata(project)
    expect(metadata.tables).toHaveLength(1)
    expect(metadata.tables[0]?.select.get('user')).toEqual({
      columns: ['id', 'username'],
      filter: { id: { _eq: 'X-Hasura-User-Id' } },
      limit: undefined,
      allowAggregations: false,
    })
  })

  it('names the file, the line and the reason of a YAML error', () => {
    const dir = copyOfProject()
    writeFileSync(tableFile(dir), `${readFileSync(tableFile(dir), 'utf8')}\n  bad: [unclosed\n`)
    expect(() => loadMetadata(dir)).toThrow(/^metadata\/databases\/default\/tables\/public_users\.yaml:\d+:\d+: /)
  })

  it('names the place of a malformed permission', () => {
    const dir = copyOfProject()
    writeFileSync(
      tableFile(dir),
      readFileSync(tableFile(dir), 'utf8').replace('columns:\n        - id\n        - username', 'columns: 7'),
    )
    expect(() => loadMetadata(dir)).toThrow(
      'metadata/databases/default/tables/public_users.yaml:7:16: expected "columns" to be a list of column names or "*"',
    )
  })

  it('names a missing included file', () => {
    const dir = copyOfProject()
    writeFileSync(path.join(dir, 'metadata/databases/default/tables/tables.yaml'), '- "!include nope.yaml"\n')
    expect(() => loadMetadata(dir)).toThrow('metadata/databases/default/tables/nope.yaml: cannot read file (ENOENT)')
  })

  it('stops start-up on a column the table does not have, and on a failing migration', async () => {
    const dir = copyOfProject()
    writeFileSync(tableFile(dir), readFileSync(tableFile(dir), 'utf8').replace('- username', '- email'))
    await expect(
      createHasura({ ...defaultConfig, projectDir: dir }, { db: await openPglite(undefined) }),
    ).rejects.toThrow('inconsistent object: in select permission for role "user": no such column exists: "email"')
    const broken = copyOfProject()
    writeFileSync(path.join(broken, 'migrations/default/1700000000000_init/up.sql'), 'CREATE TABLE nope (')
    await expect(
      createHasura({ ...defaultConfig, projectDir: broken }, { db: await openPglite(undefined) }),
    ).rejects.toThrow(/^migrations\/default\/1700000000000_init\/up\.sql: syntax error/)
  })

  it('records applied migrations and does not apply them twice', async () => {
    const db = await openPglite(undefined)
    const first = await createHasura({ ...defaultConfig, projectDir: project }, { db })
    expect(first.migrations).toEqual({ applied: ['1700000000000_init'], skipped: [] })
    const second = await createHasura({ ...defaultConfig, projectDir: project }, { db })
    expect(second.migrations).toEqual({ applied: [], skipped: ['1700000000000_init'] })
    expect((await db.query('SELECT version::text, dirty FROM hdb_catalog.schema_migrations')).rows).toEqual([
      { version: '1700000000000', dirty: false },
    ])
    await db.close()
  }, 20_000)

  it('resolves relationships from the foreign keys in the database, and stops on one it does not have', async () => {
    const dir = copyOfProject()
    const migration = path.join(dir, 'migrations/default/1700000000001_notes')
    mkdirSync(migration)
    writeFileSync(
      path.join(migration, 'up.sql'),
      'CREATE TABLE public.notes (id serial PRIMARY KEY, owner text, user_id text NOT NULL REFERENCES public.users (id));',
    )
    const tables = path.join(dir, 'metadata/databases/default/tables')
    writeFileSync(path.join(tables, 'tables.yaml'), '- "!include public_users.yaml"\n- "!include public_notes.yaml"\n')
    writeFileSync(
      path.join(tables, 'public_users.yaml'),
      `${readFileSync(path.join(tables, 'public_users.yaml'), 'utf8')}array_relationships:\n  - name: notes\n    using:\n      foreign_key_constraint_on:\n        column: user_id\n        table:\n          name: notes\n          schema: public\n`,
    )
    const notes = (column: string) =>
      `table:\n  name: notes\n  schema: public\nobject_relationships:\n  - name: user\n    using:\n      foreign_key_constraint_on: ${column}\n`
    writeFileSync(path.join(tables, 'public_notes.yaml'), notes('user_id'))
    const db = await openPglite(undefined)
    const hasura = await createHasura({ ...defaultConfig, projectDir: dir }, { db })
    expect(
      hasura.tables.map((t) => [t.name, t.relationships.map((r) => [r.name, r.remoteTable.name, r.columnMapping])]),
    ).toEqual([
      ['users', [['notes', 'notes', { id: 'user_id' }]]],
      ['notes', [['user', 'users', { user_id: 'id' }]]],
    ])
    writeFileSync(path.join(tables, 'public_notes.yaml'), notes('owner'))
    await expect(createHasura({ ...defaultConfig, projectDir: dir }, { db })).rejects.toThrow(
      'metadata/databases/default/tables/public_notes.yaml: inconsistent object: in table "notes": in relationship "user": no foreign constraint exists on the given column ("owner" of table "notes")',
    )
    await db.close()
  }, 20_000)
})
