/**
 * Post Authentication — the recipe's "sync-users" Lambda, kept as the fallback for users whom an administrator created
 * (they never pass Post Confirmation): upserts `{ id: sub, username }` into Hasura at every sign-in. A thrown error
 * makes Cognito refuse the sign-in with "PostAuthentication failed with error <message>." rather than letting in a
 * user whom Hasura does not know. Configuration: see shared/hasura-user-sync.ts.
 */
import type { PostAuthenticationTriggerHandler } from 'aws-lambda'
import { createUserSync, type UserSyncOptions } from './shared/hasura-user-sync.ts'

export function createHandler(options: UserSyncOptions = {}): PostAuthenticationTriggerHandler {
  const sync = createUserSync(options)
  return async (event) => {
    await sync(event)
    return event
  }
}

export const handler = createHandler()
