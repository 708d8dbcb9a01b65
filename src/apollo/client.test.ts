import { gql } from '@apollo/client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { testAuth } from '../testing/render.tsx'
import { MemoryStorage, testIdentity } from '../testing/tokens.ts'
import { clientFor } from './client.ts'

const QUERY = gql`
  query Me {
    users {
      id
    }
  }
`
const identity = (hasuraToken: 'id' | 'access', idToken = 'id.token.x') =>
  testIdentity({
    idToken,
    accessToken: 'access.token.y',
    hasuraToken,
    accessVerification: hasuraToken === 'access' ? { verdict: 'verified', checks: [] } : undefined,
  })

/** The Authorization header of each request Hasura would receive. */
function hasura() {
  const sent: (string | null)[] = []
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (_, init) => {
    sent.push(new Headers(init?.headers).get('authorization'))
    return Response.json({ data: { users: [] } })
  })
  return sent
}
afterEach(() => {
  vi.restoreAllMocks()
})

describe('clientFor', () => {
  it('sends the ID token by default, and the access token with VITE_HASURA_TOKEN=access', async () => {
    const sent = hasura()
    const auth = testAuth(new MemoryStorage())
    await clientFor(auth, 'http://hasura.test/v1/graphql', identity('id')).query({ query: QUERY })
    const other = testAuth(new MemoryStorage())
    await clientFor(other, 'http://hasura.test/v1/graphql', identity('access')).query({ query: QUERY })
    expect(sent).toEqual(['Bearer id.token.x', 'Bearer access.token.y'])
  })

  it('keeps one client per identity, replaces it when the user signs in again, drops all on sign-out', async () => {
    hasura()
    const auth = testAuth(new MemoryStorage())
    const first = clientFor(auth, 'http://hasura.test/v1/graphql', identity('id'))
    expect(clientFor(auth, 'http://hasura.test/v1/graphql', identity('id'))).toBe(first)
    const again = clientFor(auth, 'http://hasura.test/v1/graphql', identity('id', 'id.token.new'))
    expect(again).not.toBe(first)
    await again.query({ query: QUERY })
    expect(again.cache.extract()).not.toEqual({})
    auth.signOutLocally()
    await vi.waitFor(() => expect(again.cache.extract()).toEqual({})) // clearStore settles asynchronously
    expect(clientFor(auth, 'http://hasura.test/v1/graphql', identity('id', 'id.token.new'))).not.toBe(again)
  })
})
