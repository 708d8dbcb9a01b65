/** Test support: the Hasura stand-in in-process, and Apollo Clients that reach it without a network. */
import { defaultConfig } from '../../emulators/hasura/config.ts'
import type { Database } from '../../emulators/hasura/database.ts'
import { parseJwtSecret } from '../../emulators/hasura/jwt-secret.ts'
import { createHasura } from '../../emulators/hasura/server.ts'
import { createHasuraClient } from '../apollo/client.ts'
import { HS256_KEY, hs256Secret, hs256Token } from './tokens.ts'

/** Hasura serving `projectDir` on `db`, trusting `key`; `clientAs(sub)` sends `sub`'s recipe token (`hs256Token`). */
export async function inProcessHasura(projectDir: string, db: Database, key = HS256_KEY) {
  const hasura = await createHasura(
    { ...defaultConfig, projectDir, adminSecrets: ['s'], jwtSecret: parseJwtSecret(hs256Secret(key)) },
    { db },
  )
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) =>
    hasura.app.request(String(input), init)) as typeof fetch
  return {
    clientAs: async (sub: string) =>
      createHasuraClient('http://hasura.test/v1/graphql', await hs256Token(sub), fetchImpl),
  }
}
