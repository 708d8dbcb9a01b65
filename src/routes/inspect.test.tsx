// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { renderPage, testSettings } from '../testing/render.tsx'
import { ISSUER, localPool } from '../testing/tokens.ts'
import { InspectPage } from './inspect.tsx'

const FOREIGN = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Foreign'
let pool: Awaited<ReturnType<typeof localPool>>
const fetched: string[] = []
beforeAll(async () => {
  pool = await localPool()
  // Every JWKS answers with the test pool's keys; what matters is which URLs are asked.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    fetched.push(String(input instanceof Request ? input.url : input))
    return new Response(JSON.stringify(pool.jwks), { headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => {
  cleanup()
  fetched.length = 0
})

async function inspect(token: string) {
  await renderPage(<InspectPage settings={testSettings()} />, { path: '/inspect' })
  fireEvent.change(screen.getByLabelText('Token'), { target: { value: token } })
  fireEvent.click(screen.getByRole('button', { name: 'Inspect' }))
}

describe('<InspectPage>', () => {
  it("checks a token of the configured pool against the pool's JWKS at once", async () => {
    await inspect((await pool.tokens()).idToken)
    expect((await screen.findByTestId('id-token-status')).dataset.state).toBe('verified')
    expect(fetched).toEqual([`${ISSUER}/.well-known/jwks.json`])
    expect(screen.queryByTestId('inspect-note')).toBeNull()
  })

  it("fetches a foreign issuer's JWKS only on an explicit click, and says the issuer is not the pool's", async () => {
    await inspect((await pool.tokens({ iss: FOREIGN })).idToken)
    expect((await screen.findByTestId('inspect-note')).textContent).toBe(
      `Its iss (${FOREIGN}) is not the configured pool (${ISSUER}): this app would reject it.`,
    )
    expect(screen.getByTestId('hasura-claims').textContent).toContain('x-hasura-user-id')
    expect(screen.queryByTestId('id-token-status')).toBeNull()
    expect(fetched).toEqual([])

    fireEvent.click(
      screen.getByRole('button', { name: `Fetch ${FOREIGN}/.well-known/jwks.json and check the signature` }),
    )
    expect((await screen.findByTestId('id-token-status')).dataset.state).toBe('verified')
    expect(fetched).toEqual([`${FOREIGN}/.well-known/jwks.json`])
  })

  it('says when a token names no issuer, and fetches nothing', async () => {
    await inspect((await pool.tokens({ iss: undefined })).idToken)
    expect((await screen.findByTestId('inspect-note')).textContent).toContain('The token has no iss')
    expect(screen.queryByRole('button', { name: /Fetch/ })).toBeNull()
    expect(fetched).toEqual([])
  })

  it('reports a malformed token without fetching anything', async () => {
    await inspect('not.a-token')
    expect((await screen.findByTestId('id-token-status')).dataset.state).toBe('rejected')
    expect(fetched).toEqual([])
  })
})
