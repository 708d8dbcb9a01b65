/**
 * For the sync triggers' tests: the real Hasura stand-in serving the project's hasura/ folder in-process (fetch is
 * routed to its app, no port), and trigger events as Cognito builds them (specs/cognito.md §9.6).
 */
import path from 'node:path'
import type { Context } from 'aws-lambda'
import { defaultConfig } from '../../../emulators/hasura/config.ts'
import { openPglite } from '../../../emulators/hasura/database.ts'
import { createHasura } from '../../../emulators/hasura/server.ts'
import { LOCAL_POOL } from '../../../lib/local-pool.ts'

export const HASURA_URL = 'http://hasura.test/v1/graphql'
export const ADMIN_SECRET = 's3cret'

export async function startHasura() {
  const db = await openPglite(undefined)
  const hasura = await createHasura(
    {
      ...defaultConfig,
      projectDir: path.resolve(import.meta.dirname, '../../../hasura'),
      adminSecrets: [ADMIN_SECRET],
    },
    { db },
  )
  const viaStandIn: typeof fetch = (input, init) => Promise.resolve(hasura.app.request(String(input), init))
  const usersWithId = async (id: string) =>
    (
      await hasura.db.query<{ id: string; username: string }>('SELECT id, username FROM public.users WHERE id = $1', [
        id,
      ])
    ).rows
  return { fetch: viaStandIn, usersWithId, close: () => db.close() }
}

export function envelope<Source extends string>(triggerSource: Source, sub: string, userName: string) {
  return {
    version: '1',
    region: LOCAL_POOL.region,
    userPoolId: LOCAL_POOL.userPoolId,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: LOCAL_POOL.clientId },
    triggerSource,
    request: {
      userAttributes: {
        sub,
        email: `${userName}@example.com`,
        email_verified: 'true',
        'cognito:user_status': 'CONFIRMED',
      },
    },
    response: {},
  }
}

/** Calls a handler as Lambda does (async style: the callback is never used). */
export const invoke = <E>(handler: (event: E, context: Context, callback: () => void) => unknown, event: E) =>
  handler(event, {} as Context, () => {}) as Promise<E>
