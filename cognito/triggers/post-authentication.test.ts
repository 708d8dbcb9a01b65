/**
 * The sync-users trigger against the real Hasura stand-in serving the project's hasura/ folder (in-process: fetch is
 * routed to the app, no port), plus its failure modes, each of which must throw so that Cognito refuses the sign-in.
 */
import path from 'node:path'
import type { Context, PostAuthenticationTriggerEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from '../../emulators/hasura/config.ts'
import { openPglite } from '../../emulators/hasura/database.ts'
import { createHasura, type HasuraStandIn } from '../../emulators/hasura/server.ts'
import { createHandler } from './post-authentication.ts'

const URL_ = 'http://hasura.test/v1/graphql'

function event(sub: string, userName: string): PostAuthenticationTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_LocalPool',
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'localdemoclient00000000000' },
    triggerSource: 'PostAuthentication_Authentication',
    request: {
      userAttributes: { sub, email: `${userName}@example.com`, email_verified: 'true' },
      newDeviceUsed: false,
    },
    response: {},
  }
}
const invoke = (handler: ReturnType<typeof createHandler>, e: PostAuthenticationTriggerEvent) =>
  handler(e, {} as Context, () => {}) as Promise<PostAuthenticationTriggerEvent>

describe('post-authentication (sync-users)', () => {
  let hasura: HasuraStandIn
  let close: () => Promise<void>
  beforeAll(async () => {
    const db = await openPglite(undefined)
    close = () => db.close()
    hasura = await createHasura(
      { ...defaultConfig, projectDir: path.resolve(import.meta.dirname, '../../hasura'), adminSecrets: ['s3cret'] },
      { db },
    )
  }, 30_000)
  afterAll(() => close())

  const viaStandIn: typeof fetch = (input, init) => Promise.resolve(hasura.app.request(String(input), init))
  const count = async (id: string) =>
    (await hasura.db.query<{ n: number }>('SELECT count(*)::int AS n FROM public.users WHERE id = $1', [id])).rows[0]?.n

  it('upserts { id: sub, username } with the admin secret and returns the event', async () => {
    const handler = createHandler({ url: URL_, adminSecret: 's3cret', fetch: viaStandIn })
    const e = event('sub-1', 'alice')
    expect(await invoke(handler, e)).toBe(e)
    expect((await hasura.db.query('SELECT id, username FROM public.users WHERE id = $1', ['sub-1'])).rows).toEqual([
      { id: 'sub-1', username: 'alice' },
    ])
  })

  it('is idempotent, also when run concurrently for one id: one row, no error', async () => {
    const handler = createHandler({ url: URL_, adminSecret: 's3cret', fetch: viaStandIn })
    await Promise.all(Array.from({ length: 8 }, () => invoke(handler, event('sub-2', 'bob'))))
    expect(await count('sub-2')).toBe(1)
  })

  it("fails loudly on a wrong admin secret, with Hasura's words", async () => {
    const handler = createHandler({ url: URL_, adminSecret: 'wrong', fetch: viaStandIn })
    await expect(invoke(handler, event('sub-3', 'carol'))).rejects.toThrow(
      'Hasura refused the upsert: invalid x-hasura-admin-secret/x-hasura-access-key',
    )
    expect(await count('sub-3')).toBe(0)
  })

  it('fails loudly on HTTP errors, unreachable servers, timeouts and missing configuration', async () => {
    const http500 = createHandler({
      url: URL_,
      adminSecret: 's',
      fetch: async () => new Response('oops', { status: 500 }),
    })
    await expect(invoke(http500, event('x', 'x'))).rejects.toThrow('Hasura answered HTTP 500')
    const refused = createHandler({ url: 'http://127.0.0.1:59999/v1/graphql', adminSecret: 's' })
    await expect(invoke(refused, event('x', 'x'))).rejects.toThrow(
      /could not reach Hasura at http:\/\/127\.0\.0\.1:59999\/v1\/graphql: ECONNREFUSED/,
    )
    const slow = createHandler({
      url: URL_,
      adminSecret: 's',
      timeoutMs: 50,
      fetch: (_, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    })
    await expect(invoke(slow, event('x', 'x'))).rejects.toThrow('no answer within 50 ms')
    await expect(invoke(createHandler({ url: '', adminSecret: 's' }), event('x', 'x'))).rejects.toThrow(
      'HASURA_GRAPHQL_URL is not set',
    )
    await expect(invoke(createHandler({ url: URL_, adminSecret: '' }), event('x', 'x'))).rejects.toThrow(
      'HASURA_ADMIN_SECRET is not set',
    )
  })
})
