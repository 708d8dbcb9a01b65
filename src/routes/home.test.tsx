// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { Auth } from '../auth/auth.ts'
import { renderPage, testAuth, testSettings } from '../testing/render.tsx'
import { testIdentity } from '../testing/tokens.ts'
import { HomePage } from './home.tsx'

const settings = testSettings()
afterEach(() => {
  cleanup()
  sessionStorage.clear()
})

async function renderHome(auth: Auth = testAuth(sessionStorage), pageSettings = settings) {
  await renderPage(<HomePage settings={pageSettings} />, { auth })
  return auth
}

describe('<HomePage>', () => {
  it('links Log in and Sign up to the hosted UI with a stored, fresh state and nonce', async () => {
    await renderHome()
    const login = new URL(screen.getByRole('link', { name: 'Log in' }).getAttribute('href') ?? '')
    const signup = new URL(screen.getByRole('link', { name: 'Sign up' }).getAttribute('href') ?? '')
    expect(`${login.origin}${login.pathname}`).toBe('http://localhost:9229/login')
    expect(`${signup.origin}${signup.pathname}`).toBe('http://localhost:9229/signup')
    const state = login.searchParams.get('state') ?? ''
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(sessionStorage.getItem('cognito-hasura-demo.pending-auth')).toContain(state)
    expect(screen.getByTestId('redirect-uri').textContent).toBe('http://localhost:3333/cognito-callback')
  })

  it('warns in the pre-flight panel when openid is not requested', async () => {
    const noOpenid = testSettings({ VITE_OAUTH_SCOPES: 'email' })
    await renderHome(testAuth(sessionStorage, noOpenid), noOpenid)
    expect(screen.getByRole('alert').textContent).toContain('Cognito will return no ID token')
  })

  it('Log out clears every local trace, then goes to the hosted UI /logout', async () => {
    const auth = testAuth(sessionStorage)
    let cleanedUp = false
    auth.onSignOut(() => {
      cleanedUp = true
    })
    auth.sessions.setKeepForTab(true)
    auth.sessions.add(testIdentity())
    await renderHome(auth)
    expect((await screen.findByTestId('token-timeline')).querySelector('desc')?.textContent).toMatch(/^ID token: /)
    const logout = screen.getByRole('link', { name: 'Log out' })
    expect(logout.getAttribute('href')).toBe(
      'http://localhost:9229/logout?client_id=localdemoclient00000000000&logout_uri=http%3A%2F%2Flocalhost%3A3333%2F',
    )
    expect(sessionStorage.getItem('cognito-hasura-demo.session')).toContain('x.y.z')
    logout.addEventListener('click', (e) => e.preventDefault()) // jsdom cannot navigate
    fireEvent.click(logout)
    expect(auth.sessions.get().identities).toEqual([])
    expect(sessionStorage.length).toBe(0)
    expect(cleanedUp).toBe(true)
  })
})
