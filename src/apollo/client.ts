/**
 * One Apollo Client per signed-in identity, so cached rows can never bleed between users (client-anchors.md §4.1).
 * It sends the identity's Hasura token (the ID token, or the access token with VITE_HASURA_TOKEN=access); a probe can
 * ask for no token, a tampered one, or a role header through the operation context. Caches are dropped on log-out.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client'
import { SetContextLink } from '@apollo/client/link/context'
import type { Auth } from '../auth/auth.ts'
import { hasuraTokenOf, type Identity } from '../auth/session-store.ts'
import { tamperPayload } from './tamper.ts'

export type AuthMode = 'token' | 'none' | 'tampered'

export interface HasuraContext {
  auth?: AuthMode
  role?: string
  tamperUserId?: string
}

/** Each `Auth`'s clients by identity, with the token each sends; dropped, caches cleared, when it signs out. */
const clientsOf = new WeakMap<Auth, Map<string, { token: string; client: ApolloClient }>>()

export function createHasuraClient(uri: string, token: string, fetchImpl?: typeof fetch): ApolloClient {
  const auth = new SetContextLink((prev) => {
    const context = prev as HasuraContext & { headers?: Record<string, string> }
    const headers: Record<string, string> = { ...context.headers }
    const mode = context.auth ?? 'token'
    if (mode === 'token') headers.authorization = `Bearer ${token}`
    if (mode === 'tampered')
      headers.authorization = `Bearer ${tamperPayload(token, context.tamperUserId ?? 'someone-else')}`
    if (context.role) headers['x-hasura-role'] = context.role
    return { headers }
  })
  return new ApolloClient({
    link: auth.concat(new HttpLink({ uri, fetch: fetchImpl })),
    cache: new InMemoryCache(),
    // Probes send the same query with different headers at once: each must reach Hasura on its own.
    queryDeduplication: false,
  })
}

export function clientFor(auth: Auth, uri: string, identity: Identity): ApolloClient {
  let clients = clientsOf.get(auth)
  if (!clients) {
    const created = new Map<string, { token: string; client: ApolloClient }>()
    auth.onSignOut(() => {
      for (const { client } of created.values()) void client.clearStore()
      created.clear()
    })
    clientsOf.set(auth, created)
    clients = created
  }
  const { token } = hasuraTokenOf(identity)
  const held = clients.get(identity.sub)
  if (held?.token === token) return held.client
  // The same user signed in again: a new token, and nothing cached under the old one.
  void held?.client.clearStore()
  const client = createHasuraClient(uri, token)
  clients.set(identity.sub, { token, client })
  return client
}
