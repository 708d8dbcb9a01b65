/**
 * The sync-users trigger against the real Hasura stand-in serving the project's hasura/ folder. The failure modes
 * it shares with Post Confirmation are tested in shared/hasura-user-sync.test.ts.
 */
import type { PostAuthenticationTriggerEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandler } from './post-authentication.ts'
import { ADMIN_SECRET, envelope, HASURA_URL, invoke, startHasura } from './shared/testing.ts'

const event = (sub: string, userName: string): PostAuthenticationTriggerEvent => {
  const e = envelope('PostAuthentication_Authentication', sub, userName)
  return { ...e, request: { ...e.request, newDeviceUsed: false } }
}

describe('post-authentication (sync-users)', () => {
  let hasura: Awaited<ReturnType<typeof startHasura>>
  beforeAll(async () => {
    hasura = await startHasura()
  }, 30_000)
  afterAll(() => hasura.close())

  it('upserts { id: sub, username } with the admin secret and returns the event', async () => {
    const handler = createHandler({ url: HASURA_URL, adminSecret: ADMIN_SECRET, fetch: hasura.fetch })
    const e = event('sub-1', 'alice')
    expect(await invoke(handler, e)).toBe(e)
    expect(await hasura.usersWithId('sub-1')).toEqual([{ id: 'sub-1', username: 'alice' }])
  })

  it('is idempotent, also when run concurrently for one id: one row, no error', async () => {
    const handler = createHandler({ url: HASURA_URL, adminSecret: ADMIN_SECRET, fetch: hasura.fetch })
    await Promise.all(Array.from({ length: 8 }, () => invoke(handler, event('sub-2', 'bob'))))
    expect(await hasura.usersWithId('sub-2')).toHaveLength(1)
  })

  it("fails loudly on a wrong admin secret, with Hasura's words", async () => {
    const handler = createHandler({ url: HASURA_URL, adminSecret: 'wrong', fetch: hasura.fetch })
    await expect(invoke(handler, event('sub-3', 'carol'))).rejects.toThrow(
      'Hasura refused the upsert: invalid x-hasura-admin-secret/x-hasura-access-key',
    )
    expect(await hasura.usersWithId('sub-3')).toEqual([])
  })
})
