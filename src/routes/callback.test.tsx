// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { MemoryRouter } from 'react-router-dom'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPendingStore } from '../auth/pending-auth.ts'
import { createSessionStore } from '../auth/session-store.ts'
import { completeCallback } from '../auth/sign-in.ts'
import { readSettings, type Settings } from '../settings.ts'
import { localPool, MemoryStorage } from '../testing/tokens.ts'
import { CallbackPage } from './callback.tsx'

const settings = (readSettings({}, 'http://localhost:3333') as { settings: Settings }).settings
let pool: Awaited<ReturnType<typeof localPool>>
beforeAll(async () => {
  pool = await localPool()
})
afterEach(cleanup)

async function renderCallback(overrides = {}, stateOverride?: string) {
  const storage = new MemoryStorage()
  const deps = {
    settings,
    pending: createPendingStore(storage),
    sessions: createSessionStore(storage),
    keys: pool.keys,
  }
  const attempt = deps.pending.begin(false)
  const { idToken, accessToken } = await pool.tokens({ nonce: attempt.nonce, ...overrides })
  const outcome = completeCallback(
    { kind: 'implicit', idToken, accessToken, tokenType: 'Bearer', state: stateOverride ?? attempt.state },
    deps,
  )
  await act(async () => {
    render(
      <MemoryRouter initialEntries={['/cognito-callback']}>
        <CallbackPage settings={settings} outcome={outcome} />
      </MemoryRouter>,
    )
  })
  return deps
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
    const deps = await renderCallback({ aud: 'someoneelse' })
    const status = await screen.findByTestId('id-token-status')
    expect(status.dataset.state).toBe('rejected')
    expect(status.textContent).toContain('aud: is "someoneelse", expected the app client id localdemoclient00000000000')
    expect(deps.sessions.get().identities).toEqual([])
  })

  it('shows a forged state as rejected', async () => {
    await renderCallback({}, 'forged')
    const status = await screen.findByTestId('id-token-status')
    expect(status.textContent).toContain('state: the state does not belong to any sign-in started in this tab')
  })
})
