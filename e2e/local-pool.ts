/**
 * What a spec reads behind the SPA's back: the Cognito stand-in's trigger log and users, and Hasura's `users` table
 * through the admin secret (as the sync triggers write it).
 */
import type { APIRequestContext } from '@playwright/test'
import { E2E_ADMIN_SECRET, urls } from './ports.ts'

export interface TriggerEvent {
  trigger: string
  triggerSource: string
  event: { version: string; userName: string; request: { userAttributes: Record<string, string> } }
  error?: string
}

/** `/_local/events` for one user, oldest first (of this suite's stand-in unless another is named). */
export async function triggerEventsOf(
  request: APIRequestContext,
  username: string,
  cognitoUrl = urls.cognito,
): Promise<TriggerEvent[]> {
  const events = (await (await request.get(`${cognitoUrl}/_local/events`)).json()) as TriggerEvent[]
  return events.filter((e) => e.event.userName === username)
}

export async function subOf(request: APIRequestContext, username: string): Promise<string> {
  const users = (await (await request.get(`${urls.cognito}/_local/users`)).json()) as {
    username: string
    sub: string
  }[]
  const user = users.find((u) => u.username === username)
  if (!user) throw new Error(`the pool has no user ${username}`)
  return user.sub
}

/** The rows of Hasura's `users` table with this id, read with the admin secret. */
export async function hasuraUsersWithId(request: APIRequestContext, id: string) {
  const response = await request.post(urls.hasura, {
    headers: { 'x-hasura-admin-secret': E2E_ADMIN_SECRET },
    data: { query: 'query ($id: String!) { users(where: { id: { _eq: $id } }) { id username } }', variables: { id } },
  })
  const body = (await response.json()) as { data?: { users: { id: string; username: string }[] }; errors?: unknown }
  if (!body.data) throw new Error(`Hasura refused the admin query: ${JSON.stringify(body.errors)}`)
  return body.data.users
}
