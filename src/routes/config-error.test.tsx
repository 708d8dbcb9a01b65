// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { readSettings } from '../settings.ts'
import { ConfigError } from './config-error.tsx'

afterEach(cleanup)

describe('<ConfigError>', () => {
  it('names each bad setting, what it got, and a good example — no blank page, no stack trace', () => {
    const result = readSettings(
      { VITE_COGNITO_DOMAIN: 'not a url', VITE_OAUTH_RESPONSE_TYPE: 'id_token' },
      'http://localhost:3333',
    )
    if (result.ok) throw new Error('expected problems')
    render(<ConfigError problems={result.problems} />)
    const items = screen.getAllByRole('listitem').map((li) => li.textContent)
    expect(items).toEqual([
      'VITE_COGNITO_DOMAIN is not an absolute http(s) URL (got not a url). Example: https://my-app.auth.eu-west-1.amazoncognito.com',
      'VITE_OAUTH_RESPONSE_TYPE must be "token" or "code" (got id_token). Example: token (implicit, the default) or code (code + PKCE)',
    ])
    expect(screen.getByRole('heading').textContent).toBe('This build is misconfigured')
  })
})
