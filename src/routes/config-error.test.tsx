// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { settingsFrom } from '../runtime-config.ts'
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

describe('<ConfigError> for /config.json', () => {
  it('says a bad value came from /config.json and where to fix it', () => {
    const result = settingsFrom(
      {},
      { kind: 'present', values: { VITE_HASURA_GRAPHQL_URL: 'ftp://x' } },
      'http://localhost:3333',
    )
    if (result.ok) throw new Error('expected problems')
    render(<ConfigError problems={result.problems} />)
    expect(screen.getByRole('listitem').textContent).toBe(
      'VITE_HASURA_GRAPHQL_URL (from /config.json) is not an absolute http(s) URL (got ftp://x). Example: https://my-project.hasura.app/v1/graphql',
    )
    expect(screen.getByRole('heading').textContent).toBe('The settings are misconfigured')
    expect(screen.getByText(/served next to/).textContent).toContain('Fix /config.json')
  })

  it('names /config.json itself when it is not JSON', () => {
    const result = settingsFrom(
      {},
      { kind: 'unusable', problem: 'is not valid JSON (Unexpected token)', value: '{oops' },
      'http://localhost:3333',
    )
    if (result.ok) throw new Error('expected problems')
    render(<ConfigError problems={result.problems} />)
    expect(screen.getByRole('listitem').textContent).toMatch(
      /^\/config\.json is not valid JSON \(Unexpected token\) \(got \{oops\)\. Example: \{"VITE_COGNITO_DOMAIN"/,
    )
  })
})
