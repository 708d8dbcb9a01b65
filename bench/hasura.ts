/**
 * Hasura stand-in throughput: the own-row `users` query with a valid RS256 JWT at 1,000 and at 100,000 users, and a
 * bare GET /healthz on the same server in the same run (issue: local Hasura). The stand-in runs as its own process
 * against a fresh PGlite dir; the JWKS is served from here.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { UPSERT_USER } from '../cognito/triggers/shared/hasura-user-sync.ts'
import { jwtSecretFor } from '../lib/local-pool.ts'
import { type LoadResult, load, median } from './load.ts'
import { root, startProcess, stopProcess } from './processes.ts'

const PORT = 18080
const JWKS_PORT = 18081
const ISSUER = `http://127.0.0.1:${JWKS_PORT}/us-east-1_Bench`
const AUDIENCE = 'benchclient'
const ADMIN = 'bench-admin-secret'
const URL_ = `http://127.0.0.1:${PORT}/v1/graphql`
const CONCURRENCY = 16
// Within the stand-in's limit of 10,000 values in a request's variables (docs/decisions/009-hasura-request-limits.md).
const SEED_BATCH = 3_000

export interface HasuraBench {
  /** Closed-loop connections of the load phases (issue 12 measures with 16). */
  concurrency: number
  ownRow1k: LoadResult
  healthz1k: LoadResult
  ownRow100k: LoadResult
  healthz100k: LoadResult
  p50Ratio100kTo1k: number
  /** Own-row req/s ÷ the same server's /healthz req/s, at 1,000 users (issue 12) and at 100,000. */
  ownRowToHealthzRps1k: number
  ownRowToHealthzRps100k: number
  /** 200 sync-trigger upserts sent at once (new users each time): wall time, median of 3 rounds. */
  upserts200: { medianMs: number; samples: number[]; failures: number }
}

/** The Post Confirmation / Post Authentication trigger's own mutation, 200 new users at the same moment. */
async function concurrentUpserts(round: number): Promise<{ ms: number; failures: number }> {
  const started = performance.now()
  const answers = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      fetch(URL_, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hasura-admin-secret': ADMIN },
        body: JSON.stringify({ query: UPSERT_USER, variables: { userId: `sync-${round}-${i}`, userName: `s${i}` } }),
      }).then(async (r) => ((await r.json()) as { data?: unknown }).data !== undefined),
    ),
  )
  return { ms: performance.now() - started, failures: answers.filter((ok) => !ok).length }
}

async function seed(from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += SEED_BATCH) {
    const objects = Array.from({ length: Math.min(SEED_BATCH, to - start) }, (_, i) => ({
      id: `user-${start + i}`,
      username: `user${start + i}`,
    }))
    const response = await fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hasura-admin-secret': ADMIN },
      body: JSON.stringify({
        query: 'mutation ($objects: [users_insert_input!]!) { insert_users(objects: $objects) { affected_rows } }',
        variables: { objects },
      }),
    })
    const body = (await response.json()) as { errors?: unknown }
    if (body.errors) throw new Error(`seeding failed: ${JSON.stringify(body.errors)}`)
  }
}

export async function benchHasura(durationMs: number): Promise<HasuraBench> {
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' }] })
  const jwksServer = createServer((_, res) =>
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' }).end(jwks),
  )
  await new Promise<void>((resolve) => jwksServer.listen(JWKS_PORT, '127.0.0.1', resolve))
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-hasura-'))
  const child = await startProcess('emulators/hasura/main.ts', {
    HASURA_GRAPHQL_SERVER_PORT: String(PORT),
    HASURA_GRAPHQL_ADMIN_SECRET: ADMIN,
    HASURA_GRAPHQL_JWT_SECRET: JSON.stringify(jwtSecretFor(ISSUER, { tokenUse: 'id', audience: AUDIENCE })),
    HASURA_DATA_DIR: dataDir,
    HASURA_PROJECT_DIR: path.join(root, 'hasura'),
  })
  try {
    const now = Math.floor(Date.now() / 1000)
    // 100 distinct users' tokens, used round-robin: every request is a different caller's own row.
    const tokens = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        new SignJWT({
          sub: `user-${i * 7}`,
          token_use: 'id',
          'https://hasura.io/jwt/claims': JSON.stringify({
            'x-hasura-user-id': `user-${i * 7}`,
            'x-hasura-default-role': 'user',
            'x-hasura-allowed-roles': ['user'],
          }),
        })
          .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt(now - 5)
          .setExpirationTime(now + 3600)
          .sign(privateKey),
      ),
    )
    const body = JSON.stringify({ query: 'query OwnRow { users { id username } }' })
    const ownRow = (i: number) =>
      fetch(URL_, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
        body,
      }).then(async (r) => {
        const json = (await r.json()) as { data?: { users: unknown[] } }
        return json.data?.users.length === 1
      })
    const healthz = () => fetch(`http://127.0.0.1:${PORT}/healthz`).then(async (r) => (await r.text()) === 'OK')
    const options = { concurrency: CONCURRENCY, durationMs }

    await seed(0, 1_000)
    // Warm the server (JIT, caches, the database's buffers) before anything is measured.
    await load(ownRow, { ...options, durationMs: 2000 })
    await load(healthz, { ...options, durationMs: 1000 })
    const ownRow1k = await load(ownRow, options)
    const healthz1k = await load(healthz, options)
    const rounds = [await concurrentUpserts(0), await concurrentUpserts(1), await concurrentUpserts(2)]
    await seed(1_000, 100_000)
    await load(ownRow, { ...options, durationMs: 2000 })
    const ownRow100k = await load(ownRow, options)
    const healthz100k = await load(healthz, options)
    const upsertTimes = rounds.map((r) => r.ms)
    return {
      concurrency: CONCURRENCY,
      ownRow1k,
      healthz1k,
      ownRow100k,
      healthz100k,
      p50Ratio100kTo1k: ownRow100k.p50 / ownRow1k.p50,
      ownRowToHealthzRps1k: ownRow1k.rps / healthz1k.rps,
      ownRowToHealthzRps100k: ownRow100k.rps / healthz100k.rps,
      upserts200: {
        medianMs: median(upsertTimes),
        samples: upsertTimes,
        failures: rounds.reduce((sum, r) => sum + r.failures, 0),
      },
    }
  } finally {
    await stopProcess(child)
    jwksServer.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
