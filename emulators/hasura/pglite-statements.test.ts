/**
 * The engine's statements on PGlite: prepared once per text, bound and executed after that, json answered as text,
 * parameters bound as PGlite's own `query` binds them, and no more statements prepared than the bound.
 */
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgliteStatements } from './pglite-statements.ts'

let db: PGlite
beforeAll(async () => {
  db = await PGlite.create()
  await db.exec(`CREATE TABLE t (id int PRIMARY KEY, name text, tags text[], doc jsonb, ok boolean);
                 INSERT INTO t VALUES (1, 'one', '{a,b}', '{"n": 12345678901234567890}', true), (2, NULL, NULL, NULL, NULL)`)
}, 30_000)
afterAll(() => db.close())

const prepared = async () =>
  (await db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY name')).rows.map(
    (row) => row.statement,
  )

describe('pgliteStatements', () => {
  it('prepares a text once and then only binds it, each time with its own values', async () => {
    const statements = pgliteStatements(db)
    const text = 'SELECT name FROM t WHERE id = $1'
    expect((await statements.run(text, [1])).rows).toEqual([{ name: 'one' }])
    expect((await statements.run(text, [2])).rows).toEqual([{ name: null }])
    expect((await statements.run(text, [3])).rows).toEqual([])
    expect(await prepared()).toEqual([text])
    expect(statements.size()).toBe(1)
  })

  it('answers json and jsonb as the text Postgres wrote, and parses every other type as PGlite does', async () => {
    const { rows } = await pgliteStatements(db).run(
      `SELECT id, tags, doc, ok, json_build_object('n', 1.50) AS j FROM t WHERE id = $1`,
      [1],
    )
    expect(rows).toEqual([{ id: 1, tags: ['a', 'b'], doc: '{"n": 12345678901234567890}', ok: true, j: '{"n" : 1.50}' }])
  })

  it('binds parameters by the type Postgres inferred: arrays, json, booleans, null', async () => {
    const { rows } = await pgliteStatements(db).run(
      'SELECT $1::text[] AS tags, $2::jsonb AS doc, $3::boolean AS ok, $4::text AS nothing',
      [['x', 'y,z'], { a: [1, 'two'] }, false, null],
    )
    expect(rows).toEqual([{ tags: ['x', 'y,z'], doc: '{"a": [1, "two"]}', ok: false, nothing: null }])
  })

  it('keeps no more statements than its bound, closing the least recently used in Postgres too', async () => {
    const statements = pgliteStatements(db, { maxStatements: 3, maxTextBytes: 1024 * 1024, maxKeptText: 1000 })
    const before = (await prepared()).length
    for (let i = 0; i < 10; i++)
      expect((await statements.run(`SELECT ${i} AS n, $1::int AS id`, [i])).rows[0]?.n).toBe(i)
    // The last eviction's Close goes with the next call into Postgres.
    await statements.run('SELECT 1 AS n', [])
    expect(statements.size()).toBe(3)
    expect((await prepared()).length - before).toBe(3)
  })

  it('runs a text longer than it keeps as the unnamed statement', async () => {
    const statements = pgliteStatements(db, { maxStatements: 3, maxTextBytes: 1024 * 1024, maxKeptText: 40 })
    const before = await prepared()
    const long = `SELECT $1::int + ${'0 + '.repeat(20)}0 AS n`
    expect((await statements.run(long, [7])).rows).toEqual([{ n: 7 }])
    expect(statements.size()).toBe(0)
    expect(await prepared()).toEqual(before)
  })

  it('reports a database error with its code and goes on with the next statement', async () => {
    const statements = pgliteStatements(db)
    await expect(statements.run('INSERT INTO t (id) VALUES ($1)', [1])).rejects.toMatchObject({ code: '23505' })
    await expect(statements.run('SELECT nope FROM t', [])).rejects.toMatchObject({ code: '42703' })
    expect((await statements.run('SELECT count(*)::int AS n FROM t', [])).rows).toEqual([{ n: 2 }])
  })

  it("sends a transaction's BEGIN and settings with its first statement, whose rows are its own", async () => {
    const statements = pgliteStatements(db)
    statements.begin({ 'hasura.user': '{"x-hasura-role":"user"}' })
    const { rows } = await statements.run(
      "INSERT INTO t (id, name) VALUES ($1, current_setting('hasura.user')) RETURNING id, name",
      [3],
    )
    expect(rows).toEqual([{ id: 3, name: '{"x-hasura-role":"user"}' }])
    await statements.end('ROLLBACK')
    expect((await db.query('SELECT id FROM t WHERE id = 3')).rows).toEqual([])
    // The setting was the transaction's own.
    expect((await db.query("SELECT current_setting('hasura.user', true) AS s")).rows).toEqual([{ s: '' }])

    // The settings' statement, prepared in the transaction rolled back, is there for the next one.
    statements.begin({ 'hasura.user': '{"x-hasura-role":"admin"}' })
    await statements.run('INSERT INTO t (id, name) VALUES ($1, current_setting($2))', [4, 'hasura.user'])
    await statements.end('COMMIT')
    expect((await db.query('SELECT id, name FROM t WHERE id = 4')).rows).toEqual([
      { id: 4, name: '{"x-hasura-role":"admin"}' },
    ])
  })
})
