// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { renderPage, testAuth, testSettings } from '../testing/render.tsx'
import { localPool, MemoryStorage } from '../testing/tokens.ts'
import { CallbackPage } from './callback.tsx'

const settings = testSettings()
let pool: Awaited<ReturnType<typeof localPool>>
beforeAll(async () => {
  pool = await localPool()
})
afterEach(cleanup)

async function renderCallback(overrides = {}, stateOverride?: string) {
  const storage = new MemoryStorage()
  const auth = testAuth(storage, settings, { keys: pool.keys })
  const login = new URL((await auth.prepareSignIn()).login)
  const { idToken, accessToken } = await pool.tokens({ nonce: login.searchParams.get('nonce') ?? '', ...overrides })
  const outcome = auth.complete({
    kind: 'implicit',
    idToken,
    accessToken,
    tokenType: 'Bearer',
    state: stateOverride ?? login.searchParams.get('state') ?? '',
  })
  await renderPage(<CallbackPage settings={settings} outcome={outcome} />, { auth, path: '/cognito-callback' })
  return auth
}

describe('<CallbackPage>', () => {
  it('shows a locally signed token as verified, with its Hasura claims as JSON', async () => {
    await renderCallback()
    const status = await screen.findByTestId('id-token-status')
    expect(status.dataset.state).toBe('verified')
    expect(JSON.parse(screen.getByTestId('hasura-claims').textContent ?? '')).toEqual({
      'x-hasura-user-id': 'sub-1',
      'x-hasura-default-role': 'user',
      'x-hasura-allowed-roles': ['user'],
    })
    expect(screen.getByRole('heading', { name: 'Signed in as alice' })).toBeTruthy()
  })

  it('shows a token for another audience as rejected with the precise reason, and keeps nothing', async () => {
    const auth = await renderCallback({ aud: 'someoneelse' })
    const status = await screen.findByTestId('id-token-status')
    expect(status.dataset.state).toBe('rejected')
    expect(status.textContent).toContain('aud: is "someoneelse", expected the app client id localdemoclient00000000000')
    expect(auth.sessions.get().identities).toEqual([])
  })

  it('shows a forged state as rejected', async () => {
    await renderCallback({}, 'forged')
    const status = await screen.findByTestId('id-token-status')
    expect(status.textContent).toContain('state: the state does not belong to any sign-in started in this tab')
  })
})
