import { describe, expect, it } from 'vitest'
import { reasonOf, redact, seconds } from './verify-report.ts'

const JWT = 'eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJhYmMiLCJ0b2tlbl91c2UiOiJpZCJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU'

describe("verify:deployment's report", () => {
  it('never prints a token, a code or a password', () => {
    const line = `navigated to "http://spa/cognito-callback#id_token=${JWT}&access_token=${JWT}&state=s" fill("Passw0rd!")`
    const out = redact(line, ['Passw0rd!', ''])
    expect(out).toBe('navigated to "http://spa/cognito-callback#id_token=…&access_token=…&state=s" fill("<password>")')
    expect(redact(`/cognito-callback?code=9a8b7c6d&state=x`, [])).toBe('/cognito-callback?code=…&state=x')
    expect(redact(`Bearer ${JWT}`, [])).toBe('Bearer <a token>')
    expect(redact('response_type token · error_code=1', [])).toBe('response_type token · error_code=1')
  })

  it('keeps short "passwords" (they could be any word) and strips colours', () => {
    expect(redact('\u001b[31mSign in\u001b[39m', ['Sign'])).toBe('Sign in')
  })

  it("gives a check's reason without the error class and Playwright's call log", () => {
    expect(reasonOf({ message: 'CheckFailed: Cognito refused the sign-in: Incorrect username or password.' })).toBe(
      'Cognito refused the sign-in: Incorrect username or password.',
    )
    expect(reasonOf({ message: 'Error: locator.fill: Timeout 15000ms exceeded.\nCall log:\n  - fill("secret")' })).toBe(
      'locator.fill: Timeout 15000ms exceeded.',
    )
    expect(reasonOf(undefined)).toBe('unknown error')
  })

  it('shows times in ms below a second, else in seconds', () => {
    expect(seconds(83.4)).toBe('83 ms')
    expect(seconds(4212)).toBe('4.2 s')
  })
})
