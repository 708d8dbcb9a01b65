/**
 * One Apollo Client per signed-in identity, so cached rows can never bleed between users (client-anchors.md §4.1).
 * The ID token is read at request time; a probe can ask for no token, a tampered one, or a role header through the
 * operation context. Caches are dropped on log-out.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client'
import { SetContextLink } from '@apollo/client/link/context'
import type { Auth } from '../auth/auth.ts'
import type { Identity } from '../auth/session-store.ts'
import { tamperPayload } from './tamper.ts'

export type AuthMode = 'id-token' | 'none' | 'tampered'

export interface HasuraContext {
  auth?: AuthMode
  role?: string
  tamperUserId?: string
}

/** Each `Auth`'s clients by identity; dropped, caches cleared, when that `Auth` signs out. */
const clientsOf = new WeakMap<Auth, Map<string, ApolloClient>>()

export function createHasuraClient(
  uri: string,
  identity: Pick<Identity, 'idToken'>,
  fetchImpl?: typeof fetch,
): ApolloClient {
  const auth = new SetContextLink((prev) => {
    const context = prev as HasuraContext & { headers?: Record<string, string> }
    const headers: Record<string, string> = { ...context.headers }
    const mode = context.auth ?? 'id-token'
    if (mode === 'id-token') headers.authorization = `Bearer ${identity.idToken}`
    if (mode === 'tampered')
      headers.authorization = `Bearer ${tamperPayload(identity.idToken, context.tamperUserId ?? 'someone-else')}`
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
    const created = new Map<string, ApolloClient>()
    auth.onSignOut(() => {
      for (const client of created.values()) void client.clearStore()
      created.clear()
    })
    clientsOf.set(auth, created)
    clients = created
  }
  let client = clients.get(identity.sub)
  if (!client) {
    client = createHasuraClient(uri, identity)
    clients.set(identity.sub, client)
  }
  return client
}
