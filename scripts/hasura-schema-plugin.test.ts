import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { inlineProject } from '../emulators/hasura/testing.ts'
import { hasuraSchemaPlugin, readHasuraSchema, VIRTUAL_ID } from './hasura-schema-plugin.ts'

const root = path.resolve(import.meta.dirname, '..')

/** A one-file project whose tables are given inline, with a connection string that must never reach the SPA. */
function project(tables: string): string {
  return inlineProject(
    tables,
    '  configuration:\n    connection_info:\n      database_url: postgres://admin:hunter2@db/app\n',
  )
}

const NOTES = `
- table: { schema: public, name: users }
  array_relationships:
    - name: notes
      using: { foreign_key_constraint_on: { table: notes, column: user_id } }
  select_permissions:
    - role: user
      permission: { columns: [id, username], filter: { id: { _eq: X-Hasura-User-Id } } }
- table: { schema: public, name: notes }
  object_relationships:
    - name: user
      using: { foreign_key_constraint_on: user_id }
    - name: author
      using:
        manual_configuration: { remote_table: users, column_mapping: { user_id: id } }
  select_permissions:
    - role: user
      permission: { columns: "*", filter: { user: { id: { _eq: X-Hasura-User-Id } } }, limit: 50, allow_aggregations: true }
  insert_permissions:
    - role: user
      permission: { columns: [body], check: {}, set: { user_id: X-Hasura-User-Id } }
    - role: service
      permission: { columns: "*", check: {}, backend_only: true }
  update_permissions:
    - role: user
      permission: { columns: [body], filter: { user_id: { _eq: X-Hasura-User-Id } }, check: { body: { _neq: "" } } }
  delete_permissions:
    - role: user
      permission: { filter: { user_id: { _eq: X-Hasura-User-Id } } }
`

describe('readHasuraSchema', () => {
  it("describes the project's own hasura/: users, readable by the user role through its own id", () => {
    expect(readHasuraSchema(path.join(root, 'hasura'))).toEqual({
      project: 'hasura',
      tables: [
        {
          schema: 'public',
          name: 'users',
          relationships: [],
          select: { user: { columns: ['id', 'username'], filter: { id: { _eq: 'X-Hasura-User-Id' } } } },
          insert: {},
          update: {},
          delete: {},
        },
      ],
    })
  })

  it('keeps permissions with filters, checks, presets and limits, and resolves what metadata says of relationships', () => {
    const schema = readHasuraSchema(project(NOTES))
    const [users, notes] = schema.tables
    expect(users?.relationships).toEqual([
      { name: 'notes', kind: 'array', remoteTable: { schema: 'public', name: 'notes' } },
    ])
    expect(notes?.relationships).toEqual([
      // named by the inverse relationship users.notes, on the same column
      { name: 'user', kind: 'object', columns: ['user_id'], remoteTable: { schema: 'public', name: 'users' } },
      {
        name: 'author',
        kind: 'object',
        remoteTable: { schema: 'public', name: 'users' },
        columnMapping: { user_id: 'id' },
      },
    ])
    expect(notes?.select).toEqual({
      user: { columns: '*', filter: { user: { id: { _eq: 'X-Hasura-User-Id' } } }, limit: 50 },
    })
    expect(notes?.insert).toEqual({ user: { columns: ['body'], check: {}, set: { user_id: 'X-Hasura-User-Id' } } })
    expect(notes?.update.user).toEqual({
      columns: ['body'],
      filter: { user_id: { _eq: 'X-Hasura-User-Id' } },
      check: { body: { _neq: '' } },
      set: {},
    })
    expect(notes?.delete).toEqual({ user: { filter: { user_id: { _eq: 'X-Hasura-User-Id' } } } })
  })

  it('leaves out backend-only permissions and anything of databases.yaml (no connection string)', () => {
    const schema = readHasuraSchema(project(NOTES))
    expect(schema.tables[1]?.insert.service).toBeUndefined()
    expect(JSON.stringify(schema)).not.toContain('hunter2')
  })

  it('stops with the project, the file, the line and the reason when the project is broken', () => {
    const dir = project('- table: { schema: public, name: users }\n  select_permissions: nope\n')
    expect(() => readHasuraSchema(dir)).toThrow(
      `the isolation proof cannot read the Hasura project (HASURA_PROJECT_DIR=${dir}): ${dir}/metadata/databases/tables.yaml:2:23: expected "select_permissions" to be a list`,
    )
    expect(() => readHasuraSchema(path.join(dir, 'missing'))).toThrow(
      /missing\/config\.yaml: cannot read file \(ENOENT\)/,
    )
  })
})

describe('hasuraSchemaPlugin', () => {
  it('serves the schema as virtual:hasura-schema and watches every metadata file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hasura-plugin-'))
    cpSync(path.join(root, 'hasura'), dir, { recursive: true })
    const plugin = hasuraSchemaPlugin(dir)
    const resolveId = plugin.resolveId as (id: string) => string | undefined
    const load = plugin.load as (this: { addWatchFile(f: string): void }, id: string) => string | undefined
    const id = resolveId(VIRTUAL_ID) as string
    expect(resolveId('./other.ts')).toBeUndefined()
    const watched: string[] = []
    const code = load.call({ addWatchFile: (f) => watched.push(f) }, id) as string
    expect(code.startsWith('export default {')).toBe(true)
    expect(JSON.parse(code.replace('export default ', ''))).toMatchObject({ tables: [{ name: 'users' }] })
    expect(watched).toContain(path.join(dir, 'metadata/databases/default/tables/public_users.yaml'))
    expect(watched).toContain(path.join(dir, 'config.yaml'))
    expect(load.call({ addWatchFile: () => {} }, 'other')).toBeUndefined()
    // Read afresh on each load: the dev server reloads a changed permission.
    const file = path.join(dir, 'metadata/databases/default/tables/public_users.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('- username', '- username\n        - email'))
    expect(load.call({ addWatchFile: () => {} }, id)).toContain('"email"')
  })
})
