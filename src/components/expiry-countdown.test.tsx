// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { ExpiryCountdown, formatDuration } from './expiry-countdown.tsx'

afterEach(cleanup)

describe('<ExpiryCountdown>', () => {
  it('counts down while the token is valid', () => {
    render(<ExpiryCountdown expiresAt={Date.now() + 3_599_000} />)
    expect(screen.getByTestId('session-expiry').dataset.state).toBe('valid')
    expect(screen.getByTestId('session-expiry').textContent).toMatch(/Expires in 59 min 5\d s/)
  })

  it("shows the session as expired, with Hasura's answer and a way to sign in again", () => {
    render(<ExpiryCountdown expiresAt={Date.now() - 1000} loginHref="http://localhost:9229/login?x=1" />)
    const expiry = screen.getByTestId('session-expiry')
    expect(expiry.dataset.state).toBe('expired')
    expect(expiry.textContent).toContain('Could not verify JWT: JWTExpired')
    expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe(
      'http://localhost:9229/login?x=1',
    )
  })

  it('formats durations', () => {
    expect(formatDuration(3661)).toBe('1 h 1 min')
    expect(formatDuration(61)).toBe('1 min 1 s')
    expect(formatDuration(-5)).toBe('0 s')
  })
})
