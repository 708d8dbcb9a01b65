// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clockTime } from '../clock-time.ts'
import { describeTimeline, TokenTimeline } from './token-timeline.tsx'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0)
const s = NOW / 1000
const tokens = [
  { name: 'ID token', payload: { auth_time: s - 600, iat: s - 60, exp: s + 3540 } },
  { name: 'access token', payload: { auth_time: s - 600, iat: s - 60, exp: s + 3540 } },
]
const at = (seconds: number) => clockTime(seconds * 1000)
const xOf = (scope: Element, mark: string) =>
  Number(scope.querySelector(`[data-mark="${mark}"]`)?.getAttribute('data-x'))

describe('<TokenTimeline>', () => {
  it('is an image with a title and a description a screen reader reads', () => {
    render(<TokenTimeline tokens={tokens} skewSeconds={2} now={NOW} />)
    const picture = screen.getByRole('img', { name: /^Token timeline/ })
    expect(picture.dataset.testid).toBe('token-timeline')
    expect(picture.querySelector('desc')?.textContent).toBe(describeTimeline(tokens, s, 2))
    expect(describeTimeline(tokens, s, 2)).toBe(
      `ID token: authenticated at ${at(s - 600)} (10 min ago), issued at ${at(s - 60)} (1 min ago), expires at ${at(s + 3540)} (in 59 min). ` +
        `access token: authenticated at ${at(s - 600)} (10 min ago), issued at ${at(s - 60)} (1 min ago), expires at ${at(s + 3540)} (in 59 min). ` +
        `Now: ${at(s)}. This browser's clock is 2 s ahead of the issuer's.`,
    )
  })

  it('places auth_time, iat, now and exp in time order on each row', () => {
    render(<TokenTimeline tokens={tokens} now={NOW} />)
    const picture = screen.getByTestId('token-timeline')
    const now = xOf(picture, 'now')
    for (const row of picture.querySelectorAll('[data-token]')) {
      expect(xOf(row, 'auth_time')).toBeLessThan(xOf(row, 'iat'))
      expect(xOf(row, 'iat')).toBeLessThan(now)
      expect(now).toBeLessThan(xOf(row, 'exp'))
    }
    expect([...picture.querySelectorAll('[data-token]')].map((g) => g.getAttribute('data-token'))).toEqual([
      'ID token',
      'access token',
    ])
  })

  it('moves now with the clock, and shows an expired token as expired', () => {
    vi.useFakeTimers({ now: NOW })
    render(<TokenTimeline tokens={[{ name: 'ID token', payload: { iat: s - 3590, exp: s + 5 } }]} />)
    const picture = screen.getByTestId('token-timeline')
    const before = xOf(picture, 'now')
    expect(picture.querySelector('.life')?.getAttribute('class')).toBe('life')
    act(() => {
      vi.advanceTimersByTime(10_000)
    })
    expect(xOf(picture, 'now')).toBeGreaterThan(before)
    expect(picture.querySelector('.life')?.getAttribute('class')).toBe('life expired')
    expect(picture.querySelector('desc')?.textContent).toContain('expired at')
  })

  it("says when the browser is behind the issuer, and draws the skew between the two clocks' now", () => {
    render(<TokenTimeline tokens={tokens} skewSeconds={-90} now={NOW} />)
    const picture = screen.getByTestId('token-timeline')
    expect(picture.querySelector('desc')?.textContent).toContain("This browser's clock is 90 s behind the issuer's.")
    const band = picture.querySelector('[data-mark="skew"] rect')
    expect(Number(band?.getAttribute('x'))).toBeCloseTo(xOf(picture, 'now'), 1)
    expect(Number(band?.getAttribute('width'))).toBeGreaterThan(2)
  })

  it('leaves out what a token does not carry', () => {
    render(<TokenTimeline tokens={[{ name: 'ID token', payload: { exp: s + 60 } }]} now={NOW} />)
    const picture = screen.getByTestId('token-timeline')
    expect(picture.querySelector('[data-mark="auth_time"]')).toBeNull()
    expect(picture.querySelector('[data-mark="iat"]')).toBeNull()
    expect(picture.querySelector('.life')).toBeNull()
    expect(picture.querySelector('desc')?.textContent).toMatch(/^ID token: expires at .* \(in 1 min\)\. Now: /)
  })
})
