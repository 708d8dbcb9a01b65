/**
 * The user sync shared by Post Confirmation (sign-up confirmed) and Post Authentication (the fallback for users an
 * administrator created): upserts `{ id: sub, username }` into Hasura's `users` table with the admin secret. It fails
 * loudly, so that Cognito refuses the step rather than letting in a user whom Hasura does not know.
 *
 * Cognito shows a thrown message verbatim on its hosted pages ("PostAuthentication failed with error <message>."), so
 * messages name the failure but never Hasura's URL; the URL and the detail go to the function's log instead.
 *
 * Environment (Lambda configuration): HASURA_GRAPHQL_URL, and HASURA_ADMIN_SECRET_ARN (AWS) or HASURA_ADMIN_SECRET
 * (local stand-in) — see hasura-admin-secret.ts.
 */
import { type AdminSecretOptions, adminSecretSource } from './hasura-admin-secret.ts'

export const UPSERT_USER = `mutation upsertUser($userId: String!, $userName: String!) {
  insert_users(objects: [{ id: $userId, username: $userName }], on_conflict: { constraint: users_pkey, update_columns: [] }) {
    affected_rows
  }
}`

export interface UserSyncOptions extends AdminSecretOptions {
  url?: string
  timeoutMs?: number
  fetch?: typeof fetch
}

/** What the sync reads from a Post Confirmation or Post Authentication event. */
export interface SyncedUser {
  userName: string
  request: { userAttributes: Record<string, string | undefined> }
}

interface HasuraAnswer {
  data?: unknown
  errors?: { message: string; extensions?: { code?: string } }[]
}

export function createUserSync(options: UserSyncOptions = {}): (event: SyncedUser) => Promise<void> {
  // Lambda freezes the process between invocations; reading the environment once at cold start is the norm.
  const url = options.url ?? process.env.HASURA_GRAPHQL_URL
  const explicitSecret = options.adminSecret !== undefined || options.adminSecretArn !== undefined
  const adminSecret = adminSecretSource({
    adminSecret: explicitSecret ? options.adminSecret : process.env.HASURA_ADMIN_SECRET,
    adminSecretArn: explicitSecret ? options.adminSecretArn : process.env.HASURA_ADMIN_SECRET_ARN,
    secretsManager: options.secretsManager,
  })
  const timeoutMs = options.timeoutMs ?? 3000
  const fetchImpl = options.fetch ?? fetch

  return async (event) => {
    if (!url) throw new Error('HASURA_GRAPHQL_URL is not set')
    const sub = event.request.userAttributes.sub
    if (!sub) throw new Error('the event carries no sub attribute')
    const secret = await adminSecret.get()

    let response: Response
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hasura-admin-secret': secret },
        body: JSON.stringify({ query: UPSERT_USER, variables: { userId: sub, userName: event.userName } }),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      // undici puts the system error (ECONNREFUSED, ENOTFOUND, …) in `cause`; its messages may name the host.
      const { cause } = error as { cause?: { code?: string } }
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : (cause?.code ?? (error as Error).message)
      console.error(`could not reach Hasura at ${url}: ${reason}`, cause ?? error)
      throw new Error(`could not reach Hasura: ${reason}`)
    }
    if (!response.ok) {
      console.error(`Hasura at ${url} answered HTTP ${response.status}`)
      throw new Error(`Hasura answered HTTP ${response.status}`)
    }
    const body = (await response.json().catch(() => ({}))) as HasuraAnswer
    const refusal = body.errors?.[0]
    if (refusal) {
      // Hasura's answer to a wrong admin secret: the secret may have been changed since this container read it.
      if (refusal.extensions?.code === 'access-denied') adminSecret.forget()
      throw new Error(`Hasura refused the upsert: ${refusal.message}`)
    }
    if (!body.data) throw new Error('Hasura answered without data')
  }
}
