/**
 * The isolation proof against the real Hasura stand-in: the project's own metadata must give `isolated`, and a
 * permission that lets every row through must give `leak` — the verdict is worth only what can fail.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from '../../emulators/hasura/config.ts'
import { type Database, openPglite } from '../../emulators/hasura/database.ts'
import { createHasura } from '../../emulators/hasura/server.ts'
import { inProcessHasura } from '../testing/hasura.ts'
import { runProbes, verdictOf } from './probes.ts'

const project = path.resolve(import.meta.dirname, '../../hasura')
let db: Database

async function proofAgainst(projectDir: string, hasuraKey?: string) {
  const { clientAs } = await inProcessHasura(projectDir, db, hasuraKey)
  return runProbes(await clientAs('alice-sub'), { sub: 'alice-sub', hasuraUserId: 'alice-sub' }, ['bob-sub'])
}

beforeAll(async () => {
  db = await openPglite(undefined)
  await createHasura({ ...defaultConfig, projectDir: project }, { db })
  await db.query("INSERT INTO public.users VALUES ('alice-sub', 'alice'), ('bob-sub', 'bob')")
}, 30_000)
afterAll(() => db.close())

describe('runProbes', () => {
  it("says isolated for the project's own permission, every probe passing", async () => {
    const results = await proofAgainst(project)
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      ['own-row', 'pass'],
      ['other-rows', 'pass'],
      ['row-by-key:bob-sub', 'pass'],
      ['foreign-insert', 'pass'],
      ['foreign-update', 'pass'],
      ['admin-role', 'pass'],
      ['no-token', 'pass'],
      ['tampered-token', 'pass'],
    ])
    expect(verdictOf(results)).toBe('isolated')
  })

  it('says error, with the likely cause and fix, when Hasura does not trust the token', async () => {
    const results = await proofAgainst(project, 'another-secret-that-is-also-32-characters-long')
    const own = results.find((r) => r.id === 'own-row')
    expect(own).toMatchObject({
      outcome: 'fail',
      actual: 'invalid-jwt: Could not verify JWT: JWSError JWSInvalidSignature',
    })
    expect(own?.hint).toContain('Point jwk_url at this pool')
    expect(verdictOf(results)).toBe('error')
  })

  it('says leak when the permission lets every row through', async () => {
    const leaky = mkdtempSync(path.join(tmpdir(), 'leaky-'))
    cpSync(project, leaky, { recursive: true })
    const file = path.join(leaky, 'metadata/databases/default/tables/public_users.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/filter:\n\s+id:\n\s+_eq: X-Hasura-User-Id/, 'filter: {}'))
    const results = await proofAgainst(leaky)
    expect(results.find((r) => r.id === 'other-rows')).toMatchObject({
      outcome: 'leak',
      actual: 'foreign rows: bob-sub',
    })
    expect(results.find((r) => r.id === 'row-by-key:bob-sub')?.outcome).toBe('leak')
    expect(verdictOf(results)).toBe('leak')
  })
})
