import { beforeAll, describe, expect, it } from 'vitest'
import { testAuth, testSettings } from '../testing/render.tsx'
import { localPool, MemoryStorage, testIdentity } from '../testing/tokens.ts'

let pool: Awaited<ReturnType<typeof localPool>>
beforeAll(async () => {
  pool = await localPool()
})

describe('createAuth', () => {
  it('starts a sign-in whose state the callback then accepts, once, and keeps the identity', async () => {
    const auth = testAuth(new MemoryStorage(), testSettings(), { keys: pool.keys })
    const login = new URL((await auth.prepareSignIn()).login)
    const { idToken, accessToken } = await pool.tokens({ nonce: login.searchParams.get('nonce') ?? '' })
    const params = {
      kind: 'implicit' as const,
      idToken,
      accessToken,
      tokenType: 'Bearer',
      state: login.searchParams.get('state') ?? '',
    }
    expect(await auth.complete(params)).toMatchObject({ kind: 'verified', identity: { username: 'alice' } })
    expect(auth.sessions.active()?.sub).toBe('sub-1')
    expect(await auth.complete(params)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('replay') })
  })

  it('signs another user in through /logout with the authorize parameters, keeping the identities for the tab', async () => {
    const storage = new MemoryStorage()
    const auth = testAuth(storage, testSettings({ VITE_OAUTH_RESPONSE_TYPE: 'code' }))
    const url = new URL(await auth.anotherUserUrl())
    expect(url.origin + url.pathname).toBe('http://localhost:9229/logout')
    expect(url.searchParams.get('response_type')).toBe('code')
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:3333/cognito-callback')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(storage.getItem('cognito-hasura-demo.pending-auth')).toContain(url.searchParams.get('state'))
    expect(auth.sessions.get().keepForTab).toBe(true)
  })

  it('signs out locally: identities, the tab copy, sign-ins in flight and registered caches', async () => {
    const storage = new MemoryStorage()
    const auth = testAuth(storage)
    const dropped: string[] = []
    auth.onSignOut(() => dropped.push('apollo'))
    const unregister = auth.onSignOut(() => dropped.push('never'))
    unregister()
    await auth.prepareSignIn()
    auth.sessions.setKeepForTab(true)
    auth.sessions.add(testIdentity())
    expect(storage.length).toBe(2)
    auth.signOutLocally()
    expect(storage.length).toBe(0)
    expect(auth.sessions.get().identities).toEqual([])
    expect(dropped).toEqual(['apollo'])
  })
})
