/**
 * The proof over a whole schema against the real Hasura stand-in, in-process. The SPA's knowledge of the schema (what
 * it was built from) and the metadata Hasura serves are given separately: the same project must prove isolated (or
 * shared), and a Hasura whose permission was opened after the build (a console edit) must be caught as a leak — by
 * the browser's own check of the rows, by key, and by the writes.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { defaultConfig } from '../../emulators/hasura/config.ts'
import { type Database, openPglite } from '../../emulators/hasura/database.ts'
import { NOTES_EXAMPLE, openNotesProject } from '../../emulators/hasura/fixtures/open-notes.ts'
import { createHasura } from '../../emulators/hasura/server.ts'
import { readHasuraSchema } from '../../scripts/hasura-schema-plugin.ts'
import { inProcessHasura } from '../testing/hasura.ts'
import { type ProofIdentity, proveSchema, type SchemaProof } from './prove-schema.ts'

const recipe = path.resolve(import.meta.dirname, '../../hasura')
let db: Database

const MINE = '{ user_id: { _eq: X-Hasura-User-Id } }'
interface NotesPermissions {
  select?: string
  insert?: string
  update?: string
  delete?: string
  tags?: string
}
const STRICT: Required<NotesPermissions> = {
  select: MINE,
  insert: '{ columns: [body], check: {}, set: { user_id: X-Hasura-User-Id } }',
  update: MINE,
  delete: MINE,
  tags: '{ published: { _eq: true } }',
}

/** The recipe's project plus `notes` (owned by a user) and `tags` (shared), with the given permissions. */
function notesProject(p: NotesPermissions = {}): string {
  const o = { ...STRICT, ...p }
  const dir = mkdtempSync(path.join(tmpdir(), 'proof-notes-'))
  cpSync(recipe, dir, { recursive: true })
  const migration = path.join(dir, 'migrations/default/1700000000001_notes')
  mkdirSync(migration)
  writeFileSync(
    path.join(migration, 'up.sql'),
    `CREATE TABLE public.notes (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES public.users (id), body text NOT NULL);
     CREATE TABLE public.tags (id serial PRIMARY KEY, name text NOT NULL, published boolean NOT NULL);`,
  )
  const tables = path.join(dir, 'metadata/databases/default/tables')
  writeFileSync(
    path.join(tables, 'tables.yaml'),
    '- "!include public_users.yaml"\n- "!include public_notes.yaml"\n- "!include public_tags.yaml"\n',
  )
  writeFileSync(
    path.join(tables, 'public_notes.yaml'),
    `table: { schema: public, name: notes }
select_permissions:
  - role: user
    permission: { columns: [id, user_id, body], filter: ${o.select} }
insert_permissions:
  - role: user
    permission: ${o.insert}
update_permissions:
  - role: user
    permission: { columns: [body], filter: ${o.update} }
delete_permissions:
  - role: user
    permission: { filter: ${o.delete} }
`,
  )
  writeFileSync(
    path.join(tables, 'public_tags.yaml'),
    `table: { schema: public, name: tags }
select_permissions:
  - role: user
    permission: { columns: [id, name, published], filter: ${o.tags} }
`,
  )
  return dir
}

/** The proof as the SPA built from `built` runs it, against Hasura serving `served`. */
async function prove(
  built: string,
  served = built,
  subs = ['alice-sub', 'bob-sub'],
  foreignIds: string[] | Promise<string[]> = [],
  database = db,
) {
  const { clientAs } = await inProcessHasura(served, database)
  const identities: ProofIdentity[] = await Promise.all(
    subs.map(async (sub) => ({
      sub,
      username: sub.replace('-sub', ''),
      claims: { allowedRoles: ['user'], defaultRole: 'user', sessionVariables: { 'x-hasura-user-id': sub } },
      client: await clientAs(sub),
    })),
  )
  return proveSchema(readHasuraSchema(built), identities, { foreignIds })
}

const verdicts = (proof: SchemaProof) => proof.tables.map((t) => [t.table, t.verdict])
const outcomes = (proof: SchemaProof, who: string, table: string) =>
  Object.fromEntries(
    (proof.identities.find((i) => i.username === who)?.probes ?? [])
      .filter((p) => p.table === table)
      .map((p) => [p.id.replace(`${table}:`, ''), p.outcome]),
  )
const probe = (proof: SchemaProof, who: string, id: string) =>
  proof.identities.find((i) => i.username === who)?.probes.find((p) => p.id === id)

const SEED = `
  DELETE FROM public.notes; DELETE FROM public.tags;
  INSERT INTO public.notes (id, user_id, body) VALUES (1, 'alice-sub', 'alice 1'), (2, 'alice-sub', 'alice 2'), (3, 'bob-sub', 'bob 1');
  INSERT INTO public.tags (id, name, published) VALUES (1, 'news', true), (2, 'draft', false);
  SELECT setval('public.notes_id_seq', 100);`
const allNotes = async () =>
  (await db.query<{ id: number; user_id: string; body: string }>('SELECT * FROM public.notes ORDER BY id')).rows

beforeAll(async () => {
  db = await openPglite(undefined)
  await createHasura({ ...defaultConfig, projectDir: notesProject() }, { db })
  await db.query("INSERT INTO public.users VALUES ('alice-sub', 'alice'), ('bob-sub', 'bob')")
}, 30_000)
beforeEach(() => db.exec(SEED))
afterAll(() => db.close())

describe('proveSchema', () => {
  it("proves the project's own hasura/: public.users isolated, with the seven probes and the browser's check", async () => {
    const proof = await prove(recipe)
    expect(verdicts(proof)).toEqual([['public.users', 'isolated']])
    expect(proof.verdict).toBe('isolated')
    expect(outcomes(proof, 'alice', 'public.users')).toEqual({
      'own-row': 'pass',
      'other-rows': 'pass',
      'row-by-key:bob-sub': 'pass',
      'foreign-insert': 'pass',
      'foreign-update': 'pass',
      'admin-role': 'pass',
      'no-token': 'pass',
      'tampered-token': 'pass',
      rows: 'pass',
    })
    expect(proof.tables[0]).toMatchObject({
      kind: 'per-user',
      filters: [{ role: 'user', filter: { id: { _eq: 'X-Hasura-User-Id' } } }],
    })
  })

  it('proves a user-owned table isolated and a shared one shared, and leaves every row as it was', async () => {
    const project = notesProject()
    const before = await allNotes()
    const proof = await prove(project)
    expect(verdicts(proof)).toEqual([
      ['public.users', 'isolated'],
      ['public.notes', 'isolated'],
      ['public.tags', 'shared'],
    ])
    expect(proof.verdict).toBe('isolated')
    expect(outcomes(proof, 'alice', 'public.notes')).toEqual({
      rows: 'pass',
      'by-filter:bob-sub': 'pass',
      'by-pk:id=3': 'pass',
      'update:id=3': 'pass',
      'delete:id=3': 'pass',
      insert: 'pass',
    })
    expect(outcomes(proof, 'bob', 'public.notes')).toMatchObject({ 'by-pk:id=1': 'pass', 'by-pk:id=2': 'pass' })
    expect(probe(proof, 'alice', 'public.notes:rows')?.actual).toBe('2 row(s), each satisfies the filter')
    // user_id is not an insert column (the preset sets it): claiming bob's ownership is refused outright.
    expect(probe(proof, 'alice', 'public.notes:insert')?.actual).toMatch(/^refused — validation-failed: .*"user_id"/)
    expect(outcomes(proof, 'alice', 'public.tags')).toEqual({ rows: 'pass' })
    expect(proof.tables[2]).toMatchObject({ kind: 'shared', filters: [{ filter: { published: { _eq: true } } }] })
    expect(await allNotes()).toEqual(before)
  })

  it('says leak for public.notes when Hasura lets every note through although the project does not', async () => {
    const proof = await prove(notesProject(), notesProject({ select: '{}' }))
    expect(verdicts(proof)).toEqual([
      ['public.users', 'isolated'],
      ['public.notes', 'leak'],
      ['public.tags', 'shared'],
    ])
    expect(proof.verdict).toBe('leak')
    expect(probe(proof, 'alice', 'public.notes:rows')).toMatchObject({
      outcome: 'leak',
      actual: '1 row(s) the filter does not give me: id=3',
    })
    expect(outcomes(proof, 'alice', 'public.notes')).toMatchObject({
      'by-filter:bob-sub': 'leak',
      'by-pk:id=3': 'leak',
    })
  })

  it('calls a table whose own project opens it to everyone shared, not a leak: the metadata says so', async () => {
    const open = notesProject({ select: '{}' })
    const proof = await prove(open)
    expect(verdicts(proof)).toContainEqual(['public.notes', 'shared'])
    expect(proof.tables[1]?.filters).toEqual([{ role: 'user', filter: {} }])
    expect(proof.verdict).toBe('isolated')
  })

  it('says leak when Hasura lets updates and deletes reach other users’ notes; the update changes nothing', async () => {
    const proof = await prove(notesProject(), notesProject({ update: '{}', delete: '{}' }))
    expect(outcomes(proof, 'alice', 'public.notes')).toMatchObject({ 'update:id=3': 'leak', 'delete:id=3': 'leak' })
    expect(probe(proof, 'alice', 'public.notes:update:id=3')?.actual).toBe(
      '1 row(s) updated (body set to the value it had)',
    )
    expect(probe(proof, 'alice', 'public.notes:delete:id=3')?.actual).toBe("deleted bob's row id=3 — it is gone")
    expect(verdicts(proof)).toContainEqual(['public.notes', 'leak'])
    // bob's note is gone (a delete cannot be undone); alice's notes, which bob aimed at afterwards, too.
    expect((await allNotes()).map((n) => n.id)).toEqual([])
  })

  it('says leak when an insert claiming another user gets in, and deletes the probe row again', async () => {
    const proof = await prove(notesProject(), notesProject({ insert: '{ columns: [body, user_id], check: {} }' }))
    const insert = probe(proof, 'alice', 'public.notes:insert')
    expect(insert?.outcome).toBe('leak')
    expect(insert?.actual).toMatch(/^inserted 1 row\(s\) owned by bob-sub; deleted again$/)
    expect(verdicts(proof)).toContainEqual(['public.notes', 'leak'])
    expect((await allNotes()).map((n) => n.id)).toEqual([1, 2, 3])
  })

  it('says leak for a shared table whose rows break its own filter', async () => {
    const proof = await prove(notesProject(), notesProject({ tags: '{}' }))
    expect(verdicts(proof)).toContainEqual(['public.tags', 'leak'])
    expect(probe(proof, 'alice', 'public.tags:rows')?.actual).toBe('1 row(s) the filter does not give me: id=2')
  })

  it('settles _exists from the rows of its own table: tags readable by whoever has a note', async () => {
    const tags =
      '{ _exists: { _table: { schema: public, name: notes }, _where: { user_id: { _eq: X-Hasura-User-Id } } } }'
    const proof = await prove(notesProject({ tags }))
    expect(verdicts(proof)).toContainEqual(['public.tags', 'isolated'])
    expect(outcomes(proof, 'alice', 'public.tags')).toEqual({ rows: 'pass', 'by-filter': 'skipped', cross: 'skipped' })
    expect(probe(proof, 'alice', 'public.tags:rows')?.actual).toBe('2 row(s), each satisfies the filter')
    expect(probe(proof, 'alice', 'public.tags:by-filter')?.actual).toMatch(/^the filter has no where form/)
  })

  it('runs alone with a known foreign id, and says which probes need another identity', async () => {
    const proof = await prove(notesProject(), undefined, ['alice-sub'], ['bob-sub'])
    expect(outcomes(proof, 'alice', 'public.notes')).toEqual({
      rows: 'pass',
      'by-filter:bob-sub': 'pass',
      cross: 'skipped',
      insert: 'pass',
    })
    expect(probe(proof, 'alice', 'public.notes:cross')?.actual).toBe('add another user to aim them at their rows')
    expect(proof.verdict).toBe('isolated')
  })

  it('takes the foreign ids as a promise: the local pool is asked for its users while the rows are read', async () => {
    const users = new Promise<string[]>((resolve) => setTimeout(() => resolve(['bob-sub']), 50))
    const proof = await prove(notesProject(), undefined, ['alice-sub'], users)
    expect(outcomes(proof, 'alice', 'public.notes')['by-filter:bob-sub']).toBe('pass')
  })
})

describe('proveSchema on examples/notes (relationships both ways, notes owned through user_id)', () => {
  let notesDb: Database
  beforeAll(async () => {
    notesDb = await openPglite(undefined)
    await createHasura({ ...defaultConfig, projectDir: NOTES_EXAMPLE }, { db: notesDb })
    await notesDb.exec(`INSERT INTO public.users VALUES ('alice-sub', 'alice'), ('bob-sub', 'bob');
      INSERT INTO public.notes (user_id, body) VALUES ('alice-sub', 'a1'), ('alice-sub', 'a2'), ('bob-sub', 'b1');`)
  }, 30_000)
  afterAll(() => notesDb.close())
  const bodies = async () =>
    (await notesDb.query<{ body: string }>('SELECT body FROM public.notes ORDER BY body')).rows.map((r) => r.body)

  it('proves public.users and public.notes isolated across two identities, writing nothing', async () => {
    const proof = await prove(NOTES_EXAMPLE, NOTES_EXAMPLE, undefined, [], notesDb)
    expect(verdicts(proof)).toEqual([
      ['public.notes', 'isolated'],
      ['public.users', 'isolated'],
    ])
    const alice = outcomes(proof, 'alice', 'public.notes')
    expect(Object.entries(alice).filter(([, o]) => o !== 'pass')).toEqual([])
    expect(Object.keys(alice).filter((id) => /^(by-pk|update|delete):id=/.test(id))).toHaveLength(3)
    expect(Object.keys(outcomes(proof, 'bob', 'public.notes')).filter((id) => id.startsWith('by-pk:'))).toHaveLength(2)
    expect(await bodies()).toEqual(['a1', 'a2', 'b1'])
  })

  it('says leak for public.notes when Hasura serves the open-notes fixture and the SPA knows examples/notes', async () => {
    const proof = await prove(NOTES_EXAMPLE, openNotesProject(), undefined, [], notesDb)
    expect(verdicts(proof)).toEqual([
      ['public.notes', 'leak'],
      ['public.users', 'isolated'],
    ])
    expect(probe(proof, 'alice', 'public.notes:rows')?.actual).toMatch(/^1 row\(s\) the filter does not give me: id=/)
    expect(await bodies()).toEqual(['a1', 'a2', 'b1'])
  })

  it('follows a filter through the relationship notes.user, and catches an opened one by key', async () => {
    const throughUser = notesWithSelectFilter({ user: { id: { _eq: 'X-Hasura-User-Id' } } })
    const proof = await prove(throughUser, throughUser, undefined, [], notesDb)
    expect(verdicts(proof)).toContainEqual(['public.notes', 'isolated'])
    expect(probe(proof, 'alice', 'public.notes:rows')?.actual).toBe('2 row(s), each satisfies the filter')
    const opened = await prove(throughUser, notesWithSelectFilter({}), undefined, [], notesDb)
    expect(verdicts(opened)).toContainEqual(['public.notes', 'leak'])
    // bob's note comes back with `user: null` (users hides bob from alice): undecided in the browser, not passed …
    expect(probe(opened, 'alice', 'public.notes:rows')).toMatchObject({ outcome: 'fail' })
    expect(probe(opened, 'alice', 'public.notes:rows')?.actual).toMatch(/^1 row\(s\) the browser cannot check: id=/)
    // … and bob read it as his own, so alice's read of it by key is the leak.
    expect(Object.entries(outcomes(opened, 'alice', 'public.notes')).filter(([id]) => id.startsWith('by-pk:'))).toEqual(
      [[expect.stringMatching(/^by-pk:id=/), 'leak']],
    )
  })
})

/** examples/notes with another select filter on notes for the role user (a temporary copy). */
function notesWithSelectFilter(filter: object): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'notes-filter-'))
  cpSync(NOTES_EXAMPLE, dir, { recursive: true })
  const file = path.join(dir, 'metadata/databases/default/tables/public_notes.yaml')
  const table = parse(readFileSync(file, 'utf8')) as { select_permissions: { role: string; permission: object }[] }
  for (const p of table.select_permissions) if (p.role === 'user') p.permission = { ...p.permission, filter }
  writeFileSync(file, stringify(table))
  return dir
}
