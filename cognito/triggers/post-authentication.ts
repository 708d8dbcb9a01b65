/**
 * Post Authentication — the recipe's "sync-users" Lambda. Upserts `{ id: sub, username }` into Hasura's `users`
 * table with the admin secret. It fails loudly: a thrown error makes Cognito refuse the sign-in with
 * "PostAuthentication failed with error <message>." rather than letting a user in whom Hasura does not know.
 *
 * Environment (Lambda configuration): HASURA_GRAPHQL_URL (e.g. https://my-app.hasura.app/v1/graphql) and
 * HASURA_ADMIN_SECRET. Neither is ever hard-coded; the admin secret is never logged.
 */
import type { PostAuthenticationTriggerHandler } from 'aws-lambda'

export const UPSERT_USER = `mutation upsertUser($userId: String!, $userName: String!) {
  insert_users(objects: [{ id: $userId, username: $userName }], on_conflict: { constraint: users_pkey, update_columns: [] }) {
    affected_rows
  }
}`

export interface SyncUsersOptions {
  url?: string
  adminSecret?: string
  timeoutMs?: number
  fetch?: typeof fetch
}

export function createHandler(options: SyncUsersOptions = {}): PostAuthenticationTriggerHandler {
  // Lambda freezes the process between invocations; reading the environment once at cold start is the norm.
  const url = options.url ?? process.env.HASURA_GRAPHQL_URL
  const adminSecret = options.adminSecret ?? process.env.HASURA_ADMIN_SECRET
  const timeoutMs = options.timeoutMs ?? 3000
  const fetchImpl = options.fetch ?? fetch

  return async (event) => {
    if (!url) throw new Error('HASURA_GRAPHQL_URL is not set')
    if (!adminSecret) throw new Error('HASURA_ADMIN_SECRET is not set')
    const sub = event.request.userAttributes.sub
    if (!sub) throw new Error('the event carries no sub attribute')

    let response: Response
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hasura-admin-secret': adminSecret },
        body: JSON.stringify({ query: UPSERT_USER, variables: { userId: sub, userName: event.userName } }),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const { cause } = error as { cause?: { code?: string; message?: string } }
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : (cause?.code ?? cause?.message ?? (error as Error).message)
      throw new Error(`could not reach Hasura at ${url}: ${reason}`)
    }
    if (!response.ok) throw new Error(`Hasura answered HTTP ${response.status}`)
    const body = (await response.json().catch(() => ({}))) as { errors?: { message: string }[]; data?: unknown }
    if (body.errors?.length) throw new Error(`Hasura refused the upsert: ${body.errors[0]?.message}`)
    if (!body.data) throw new Error('Hasura answered without data')
    return event
  }
}

export const handler = createHandler()
