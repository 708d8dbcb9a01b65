import { createLocalJWKSet } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, testCognito } from '../../emulators/cognito/testing.ts'
import { readSettings, type Settings } from '../settings.ts'
import { localPool, MemoryStorage } from '../testing/tokens.ts'
import { hostedUiUrl } from './hosted-ui.ts'
import { createPendingStore } from './pending-auth.ts'
import { createSessionStore, hasuraTokenOf } from './session-store.ts'
import { completeCallback } from './sign-in.ts'

const settingsFor = (env = {}) => (readSettings(env, 'http://localhost:3333') as { settings: Settings }).settings
let pool: Awaited<ReturnType<typeof localPool>>
beforeAll(async () => {
  pool = await localPool()
})

function world(env = {}) {
  const storage = new MemoryStorage()
  return {
    settings: settingsFor(env),
    pending: createPendingStore(storage),
    sessions: createSessionStore(storage),
    storage,
  }
}

/** An implicit-grant response to a sign-in started in `deps`, with the test pool's tokens. */
async function implicitResponse(
  deps: ReturnType<typeof world>,
  overrides: Record<string, unknown> = {},
  access: Record<string, unknown> = {},
) {
  const attempt = deps.pending.begin(false)
  const { idToken, accessToken } = await pool.tokens({ nonce: attempt.nonce, ...overrides }, Date.now(), access)
  return { kind: 'implicit' as const, idToken, accessToken, tokenType: 'Bearer', state: attempt.state }
}

describe('completeCallback', () => {
  it('keeps the identity only after state and token are verified', async () => {
    const deps = { ...world(), keys: pool.keys }
    const attempt = deps.pending.begin(false)
    const { idToken, accessToken } = await pool.tokens({ nonce: attempt.nonce })
    const outcome = await completeCallback(
      { kind: 'implicit', idToken, accessToken, tokenType: 'Bearer', state: attempt.state },
      deps,
    )
    expect(outcome.kind).toBe('verified')
    expect(deps.sessions.active()).toMatchObject({ sub: 'sub-1', username: 'alice', flow: 'token', hasuraToken: 'id' })
    expect(deps.sessions.active()?.accessVerification).toBeUndefined()
    expect(deps.storage.getItem('cognito-hasura-demo.session')).toBeNull() // memory only until "keep for this tab"
  })

  it('with VITE_HASURA_TOKEN=access, verifies the access token too and keeps it as the one Hasura is sent', async () => {
    const deps = { ...world({ VITE_HASURA_TOKEN: 'access' }), keys: pool.keys }
    const response = await implicitResponse(deps, {}, { exp: 4_000_000_000 })
    const { accessToken } = response
    const outcome = await completeCallback(response, deps)
    expect(outcome).toMatchObject({
      kind: 'verified',
      identity: { hasuraToken: 'access', accessToken, expiresAt: 4_000_000_000_000 },
    })
    const identity = deps.sessions.active()
    expect(identity?.accessVerification?.verdict).toBe('verified')
    expect(identity && hasuraTokenOf(identity).token).toBe(accessToken)
  })

  it('with VITE_HASURA_TOKEN=access, rejects an access token of another app client and keeps nothing', async () => {
    const deps = { ...world({ VITE_HASURA_TOKEN: 'access' }), keys: pool.keys }
    const outcome = await completeCallback(await implicitResponse(deps, {}, { client_id: 'other' }), deps)
    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: 'access token client_id: is "other", expected the app client id localdemoclient00000000000',
      accessVerification: { verdict: 'rejected' },
    })
    expect(deps.sessions.get().identities).toEqual([])
  })

  it('rejects a replayed response and stores nothing', async () => {
    const deps = { ...world(), keys: pool.keys }
    const attempt = deps.pending.begin(false)
    const { idToken, accessToken } = await pool.tokens({ nonce: attempt.nonce })
    const params = { kind: 'implicit' as const, idToken, accessToken, tokenType: 'Bearer', state: attempt.state }
    await completeCallback(params, deps)
    deps.sessions.clear()
    expect(await completeCallback(params, deps)).toEqual({
      kind: 'rejected',
      reason: 'state: this state was already used: the response is a replay',
    })
    expect(deps.sessions.get().identities).toEqual([])
  })

  it('rejects a token minted for another sign-in (nonce) and never stores it', async () => {
    const deps = { ...world(), keys: pool.keys }
    const attempt = deps.pending.begin(false)
    const { idToken, accessToken } = await pool.tokens({ nonce: 'someone-elses' })
    const outcome = await completeCallback(
      { kind: 'implicit', idToken, accessToken, tokenType: 'Bearer', state: attempt.state },
      deps,
    )
    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: 'nonce: does not match this sign-in (a replayed or injected token)',
    })
    expect(deps.sessions.get().identities).toEqual([])
  })

  it('explains a response without an ID token (no openid scope)', async () => {
    const deps = { ...world(), keys: pool.keys }
    const attempt = deps.pending.begin(false)
    const { accessToken } = await pool.tokens()
    const outcome = await completeCallback(
      { kind: 'implicit', accessToken, tokenType: 'Bearer', state: attempt.state },
      deps,
    )
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('openid scope') })
  })

  it('reports a hosted-UI error with its description', async () => {
    const deps = world()
    const attempt = deps.pending.begin(false)
    expect(
      await completeCallback(
        { kind: 'error', error: 'invalid_request', description: 'invalid_scope', state: attempt.state },
        deps,
      ),
    ).toEqual({
      kind: 'hosted-ui-error',
      error: 'invalid_request',
      description: 'invalid_scope',
      stateProblem: undefined,
    })
  })

  it('exchanges a code with its PKCE verifier at the Cognito stand-in and verifies the result', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const deps = {
      ...world({ VITE_OAUTH_RESPONSE_TYPE: 'code' }),
      keys: createLocalJWKSet(cognito.deps.keys.jwks),
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
        cognito.app.request(String(input), init)) as typeof fetch,
      now: () => cognito.clock.now().getTime(),
    }
    const attempt = deps.pending.begin(true)
    const login = new URL(await hostedUiUrl(deps.settings, 'login', attempt))
    const { TestBrowser } = await import('../../emulators/cognito/testing.ts')
    const redirect = await new TestBrowser(cognito).submit(`/login${login.search}`, {
      username: 'alice',
      password: 'Passw0rd!',
    })
    const callback = new URL(redirect.headers.get('location') ?? '')
    const code = callback.searchParams.get('code') ?? ''
    const outcome = await completeCallback(
      { kind: 'code', code, state: callback.searchParams.get('state') ?? undefined },
      deps,
    )
    expect(outcome).toMatchObject({ kind: 'verified', identity: { username: 'alice', flow: 'code' } })
    // The code is spent: a second exchange is refused by Cognito's token endpoint.
    const again = deps.pending.begin(true)
    const replay = await completeCallback({ kind: 'code', code, state: again.state }, deps)
    expect(replay).toEqual({ kind: 'rejected', reason: 'code exchange: the token endpoint answered 400 invalid_grant' })
  })
})
