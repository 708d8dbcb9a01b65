// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { renderPage, testAuth, testSettings } from '../testing/render.tsx'
import { HASURA_CLAIMS, ISSUER, localPool, MemoryStorage } from '../testing/tokens.ts'
import { CallbackPage } from './callback.tsx'

const settings = testSettings()
let pool: Awaited<ReturnType<typeof localPool>>
beforeAll(async () => {
  pool = await localPool()
})
afterEach(cleanup)

async function renderCallback(overrides = {}, stateOverride?: string, access = {}, pageSettings = settings) {
  const storage = new MemoryStorage()
  const auth = testAuth(storage, pageSettings, { keys: pool.keys })
  const login = new URL((await auth.prepareSignIn()).login)
  const { idToken, accessToken } = await pool.tokens(
    { nonce: login.searchParams.get('nonce') ?? '', ...overrides },
    Date.now(),
    access,
  )
  const outcome = auth.complete({
    kind: 'implicit',
    idToken,
    accessToken,
    tokenType: 'Bearer',
    state: stateOverride ?? login.searchParams.get('state') ?? '',
  })
  await renderPage(<CallbackPage settings={pageSettings} outcome={outcome} />, { auth, path: '/cognito-callback' })
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
    const timeline = await screen.findByRole('img', { name: /^Token timeline/ })
    expect([...timeline.querySelectorAll('[data-token]')].map((g) => g.getAttribute('data-token'))).toEqual([
      'ID token',
      'access token',
    ])
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

describe('<CallbackPage> with VITE_HASURA_TOKEN=access', () => {
  const accessSettings = testSettings({ VITE_HASURA_TOKEN: 'access' })

  it('with a V1 pool (no claims in the access token), says why Hasura will refuse and what to change', async () => {
    await renderCallback({}, undefined, {}, accessSettings)
    expect((await screen.findByTestId('id-token-status')).dataset.state).toBe('verified')
    expect(screen.getByTestId('access-token-status').dataset.state).toBe('verified')
    expect(screen.getByRole('heading', { name: /Claims of the access token/ })).toBeTruthy()
    expect(screen.getByTestId('hasura-claims').textContent).toBe('none')
    const diagnostics = screen.getByTestId('diagnostics').textContent
    expect(diagnostics).toContain("Hasura: claims key: 'https://hasura.io/jwt/claims' not found (jwt-invalid-claims)")
    expect(diagnostics).toContain('Essentials or Plus feature plan, set the trigger to event version V2_0')
    expect(JSON.parse(screen.getByTestId('suggested-jwt-secret').textContent ?? '')).toEqual({
      type: 'RS256',
      jwk_url: `${ISSUER}/.well-known/jwks.json`,
      claims_format: 'stringified_json',
      issuer: ISSUER,
    })
  })

  it('with a V2 pool, shows the access token’s claims as the ones Hasura reads', async () => {
    await renderCallback({}, undefined, HASURA_CLAIMS, accessSettings)
    expect(JSON.parse((await screen.findByTestId('hasura-claims')).textContent ?? '')).toEqual({
      'x-hasura-user-id': 'sub-1',
      'x-hasura-default-role': 'user',
      'x-hasura-allowed-roles': ['user'],
    })
    expect(screen.getByTestId('diagnostics').textContent).toContain('Hasura will accept these claims')
    expect(screen.getByTestId('session-expiry').textContent).toMatch(/^Expires in/)
  })

  it('rejects the sign-in on an access token of another app client, naming it', async () => {
    await renderCallback({}, undefined, { client_id: 'other' }, accessSettings)
    const status = await screen.findByTestId('access-token-status')
    expect(status.dataset.state).toBe('rejected')
    expect(status.textContent).toContain('access token client_id: is "other"')
    expect(screen.queryByTestId('id-token-status')).toBeNull()
  })
})

describe('<CallbackPage> with a hosted-UI error', () => {
  async function renderError(state: 'issued' | 'unknown' | 'missing', description: string) {
    const auth = testAuth(new MemoryStorage(), settings)
    const issued = new URL((await auth.prepareSignIn()).login).searchParams.get('state') ?? ''
    const outcome = auth.complete({
      kind: 'error',
      error: 'invalid_request',
      description,
      state: state === 'issued' ? issued : state === 'unknown' ? 'forged' : undefined,
    })
    await renderPage(<CallbackPage settings={settings} outcome={outcome} />, { auth, path: '/cognito-callback' })
  }

  it("shows Cognito's error with its likely cause when the state is one this tab issued", async () => {
    await renderError('issued', 'invalid_scope')
    const error = await screen.findByTestId('callback-error')
    expect(error.dataset.verified).toBe('true')
    expect(error.textContent).toBe('invalid_request: invalid_scope')
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Cognito refused the sign-in')
    expect(screen.getByText(/A requested scope is not enabled on the app client/)).toBeTruthy()
  })

  it.each([
    ['an unknown', 'unknown', 'the state does not belong to any sign-in started in this tab'],
    ['no', 'missing', 'the response carries no state'],
  ] as const)(
    'shows the text of an error with %s state as an unverified quote, not as Cognito',
    async (_, state, why) => {
      const phishing = 'Your account is locked. Call +1 555 0100 and give your password to unlock it.'
      await renderError(state, phishing.repeat(4))
      const error = await screen.findByTestId('callback-error')
      expect(error.dataset.verified).toBe('false')
      expect(error.textContent).toBe(`${`invalid_request: ${phishing.repeat(4)}`.slice(0, 200)}… (cut)`)
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('An error response this tab did not ask for')
      expect(screen.getByRole('alert').textContent).toContain(why)
      expect(screen.getByRole('alert').textContent).toContain('It cannot be attributed to Cognito')
      expect(screen.queryByText(/Cognito refused/)).toBeNull()
    },
  )
})
