/**
 * kill -9 of the real Hasura stand-in, as its own process over its PGlite data dir, in the middle of acknowledged
 * mutations: after a restart every acknowledged row is there (issue 8, "Faults"). A mutation is acknowledged when
 * Hasura answered it with data — its transaction committed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type Child, freePort, root, spawnNode, stopChild, waitForLine } from '../../scripts/processes.ts'

const ADMIN = 'crash-test-admin-secret'
const started: Child[] = []
const dirs: string[] = []

afterEach(async () => {
  await Promise.all(started.splice(0).map((child) => stopChild(child, { signal: 'SIGKILL' })))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function startHasura(dataDir: string, port: number) {
  const child = spawnNode('hasura', ['--import', 'tsx', 'emulators/hasura/main.ts'], {
    env: {
      HASURA_GRAPHQL_SERVER_PORT: String(port),
      HASURA_GRAPHQL_ADMIN_SECRET: ADMIN,
      HASURA_DATA_DIR: dataDir,
      HASURA_PROJECT_DIR: path.join(root, 'hasura'),
    },
  })
  started.push(child)
  await waitForLine(child, /\bready on\b/, 60_000)
  const url = `http://127.0.0.1:${port}/v1/graphql`
  return {
    child,
    run: async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hasura-admin-secret': ADMIN },
        body: JSON.stringify({ query, variables }),
      })
      return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] }
    },
  }
}

const INSERT = 'mutation ($id: String!) { insert_users_one(object: { id: $id, username: $id }) { id } }'

describe('Hasura stand-in: kill -9 during acknowledged writes', () => {
  it('loses no acknowledged row and reopens its data dir cleanly', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hasura-crash-'))
    dirs.push(dataDir)
    const port = await freePort(47_300)
    const first = await startHasura(dataDir, port)
    const acknowledged: string[] = []
    let next = 0
    let killed = false
    // Eight writers insert back to back; the process is killed while they are still writing.
    const writers = Array.from({ length: 8 }, async () => {
      while (!killed && !first.child.exited()) {
        const id = `crash-${next++}`
        try {
          const answer = await first.run(INSERT, { id })
          if (answer.data?.insert_users_one) acknowledged.push(id)
        } catch {
          return // the connection died with the process: not acknowledged
        }
      }
    })
    await new Promise((r) => setTimeout(r, 1500))
    killed = true
    first.child.process.kill('SIGKILL')
    await Promise.all(writers)
    expect(acknowledged.length).toBeGreaterThan(20)

    const second = await startHasura(dataDir, port)
    const answer = await second.run('query ($ids: [String!]!) { users(where: { id: { _in: $ids } }) { id } }', {
      ids: acknowledged,
    })
    const found = new Set((answer.data?.users as { id: string }[] | undefined)?.map((u) => u.id))
    expect(acknowledged.filter((id) => !found.has(id))).toEqual([])
  }, 60_000)
})
