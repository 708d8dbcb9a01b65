/**
 * Post Confirmation — syncs the user into Hasura as soon as the sign-up is confirmed, so the row exists before the
 * first sign-in: an idempotent upsert of `{ id: sub, username }` at `PostConfirmation_ConfirmSignUp`. Cognito also
 * fires this trigger at `PostConfirmation_ConfirmForgotPassword` (a known user set a new password): nothing to write.
 * A thrown error makes Cognito fail the confirmation with "PostConfirmation failed with error <message>.".
 * Configuration: see shared/hasura-user-sync.ts.
 */
import type { PostConfirmationTriggerHandler } from 'aws-lambda'
import { createUserSync, type UserSyncOptions } from './shared/hasura-user-sync.ts'

export function createHandler(options: UserSyncOptions = {}): PostConfirmationTriggerHandler {
  const sync = createUserSync(options)
  return async (event) => {
    if (event.triggerSource === 'PostConfirmation_ConfirmSignUp') await sync(event)
    return event
  }
}

export const handler = createHandler()
