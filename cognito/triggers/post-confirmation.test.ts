/** The Post Confirmation sync against the real Hasura stand-in serving the project's hasura/ folder. */
import type { PostConfirmationTriggerEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandler } from './post-confirmation.ts'
import { ADMIN_SECRET, envelope, HASURA_URL, invoke, startHasura } from './shared/testing.ts'

type Source = PostConfirmationTriggerEvent['triggerSource']
const event = (source: Source, sub: string, userName: string) =>
  envelope(source, sub, userName) as PostConfirmationTriggerEvent

describe('post-confirmation', () => {
  let hasura: Awaited<ReturnType<typeof startHasura>>
  beforeAll(async () => {
    hasura = await startHasura()
  }, 30_000)
  afterAll(() => hasura.close())

  it('upserts { id: sub, username } once the sign-up is confirmed, and returns the event', async () => {
    const handler = createHandler({ url: HASURA_URL, adminSecret: ADMIN_SECRET, fetch: hasura.fetch })
    const e = event('PostConfirmation_ConfirmSignUp', 'sub-new', 'dora')
    expect(await invoke(handler, e)).toBe(e)
    expect(await hasura.usersWithId('sub-new')).toEqual([{ id: 'sub-new', username: 'dora' }])
  })

  it('is idempotent: a repeated confirmation (Cognito may retry a trigger) leaves one row and no error', async () => {
    const handler = createHandler({ url: HASURA_URL, adminSecret: ADMIN_SECRET, fetch: hasura.fetch })
    for (let i = 0; i < 3; i++) await invoke(handler, event('PostConfirmation_ConfirmSignUp', 'sub-twice', 'erin'))
    expect(await hasura.usersWithId('sub-twice')).toHaveLength(1)
  })

  it('writes nothing, and calls nobody, on a confirmed password reset', async () => {
    let calls = 0
    const counting: typeof fetch = (input, init) => {
      calls++
      return hasura.fetch(input, init)
    }
    const handler = createHandler({ url: HASURA_URL, adminSecret: ADMIN_SECRET, fetch: counting })
    const e = event('PostConfirmation_ConfirmForgotPassword', 'sub-reset', 'frank')
    expect(await invoke(handler, e)).toBe(e)
    expect(calls).toBe(0)
    expect(await hasura.usersWithId('sub-reset')).toEqual([])
  })

  it('fails the confirmation loudly when Hasura refuses, writing nothing', async () => {
    const handler = createHandler({ url: HASURA_URL, adminSecret: 'wrong', fetch: hasura.fetch })
    await expect(invoke(handler, event('PostConfirmation_ConfirmSignUp', 'sub-no', 'gina'))).rejects.toThrow(
      'Hasura refused the upsert: invalid x-hasura-admin-secret/x-hasura-access-key',
    )
    expect(await hasura.usersWithId('sub-no')).toEqual([])
  })
})
