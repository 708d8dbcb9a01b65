import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openPglite } from './database.ts'

const dataDir = mkdtempSync(path.join(tmpdir(), 'pglite-settings-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const sharedBuffers = async () => {
  const db = await openPglite(dataDir)
  try {
    return (await db.query<{ shared_buffers: string }>('show shared_buffers')).rows[0]?.shared_buffers
  } finally {
    await db.close()
  }
}

describe('PGlite settings', () => {
  it('runs Postgres with 16MB of shared buffers, not initdb’s 128MB, on a new data dir and on an existing one', async () => {
    expect(await sharedBuffers()).toBe('16MB')
    expect(await sharedBuffers()).toBe('16MB')
  })
})
