/**
 * Many users signing in through the hosted UI at the same moment, on the real stack: both triggers attached, the
 * Hasura stand-in behind the Post Authentication trigger (issue 8, "Concurrency"). Sign-in latency at 1, 50 and
 * 200 at once (POST /login → 302 with tokens, scrypt at the default cost included), what each sign-in got back,
 * then 2,000 concurrent own-row queries with the ID tokens against Hasura: each must return exactly its own row.
 *
 * Alone: `tsx bench/concurrent-sign-in.ts [users]` prints a table. The stack (`npm start`) uses the E2E_COGNITO_PORT,
 * E2E_HASURA_PORT and E2E_SPA_PORT ports (e2e/ports.ts) unless `ports` are given, and a temporary data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { decodeJwt } from 'jose'
import { E2E } from '../e2e/ports.ts'
import { localUrls } from '../lib/local-pool.ts'
import { idTokenOf, localLoginUrl, openLoginForm, submitLogin } from '../scripts/hosted-sign-in.ts'
import { DEMO_PASSWORD } from '../scripts/stack.ts'
import { latency } from './load.ts'
import { npmStart } from './npm-start.ts'

export interface ConcurrentSignInOptions {
  users?: number
  queries?: number
  /** How many sign-ins run one after the other for the "1 at once" figure. */
  sequentialSamples?: number
  ports?: { cognitoPort: number; hasuraPort: number; spaPort: number }
}

export interface Latency {
  p50: number
  p99: number
}

export interface SignInLevel extends Latency {
  atOnce: number
  signIns: number
  tokenSets: number
  triggerTimeouts: number
  errors: number
}

export interface ConcurrentSignInResult {
  levels: SignInLevel[]
  queries: Latency & { sent: number; ownRows: number; foreignRows: number; errors: number }
  /** Totals over every sign-in of every level. */
  tokenSets: number
  triggerTimeouts: number
  foreignRows: number
  errors: number
  /** The first few distinct failure texts, to explain a non-zero count. */
  failures: string[]
}

const ADMIN_SECRET = 'bench-admin-secret'
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }
const errorText = (html: string) =>
  /class="errorMessage-customizable"[^>]*>([^<]*)</
    .exec(html)?.[1]
    ?.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e)
/** Cognito's text for a trigger past its 5 s, and the project trigger's own 3 s fetch timeout. */
const TIMEOUT = /Socket timeout|no answer within/

type Outcome = { kind: 'tokens'; idToken: string } | { kind: 'timeout' | 'error'; text: string }

interface Sample {
  ms: number
  outcome: Outcome
}

export async function benchConcurrentSignIn(options: ConcurrentSignInOptions = {}): Promise<ConcurrentSignInResult> {
  const userCount = options.users ?? 200
  const queryCount = options.queries ?? 2000
  const ports = options.ports ?? { cognitoPort: E2E.cognitoPort, hasuraPort: E2E.hasuraPort, spaPort: E2E.spaPort }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-concurrent-'))
  // `npm start` itself, so that this client is outside the stack's process, as browsers are: in one process its
  // connections' DNS lookups would queue on the thread pool behind the stand-in's password hashes.
  const stack = await npmStart(dataDir, ports, { HASURA_GRAPHQL_ADMIN_SECRET: ADMIN_SECRET })
  const failures = new Set<string>()
  try {
    const urls = localUrls(ports)
    const users = Array.from({ length: userCount }, (_, i) => `bench${i}`)
    // Created a few at a time: the stand-in hashes at most a couple of passwords at once anyway.
    for (let i = 0; i < users.length; i += 10) {
      await Promise.all(
        users.slice(i, i + 10).map(async (username) => {
          const response = await fetch(`${urls.cognito}/_local/users`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, email: `${username}@example.com`, password: DEMO_PASSWORD }),
          })
          if (response.status !== 201) throw new Error(`creating ${username}: ${await response.text()}`)
        }),
      )
    }

    const loginUrl = localLoginUrl(urls, 'openid email profile')
    const signIn = async (username: string, form: Awaited<ReturnType<typeof openLoginForm>>): Promise<Sample> => {
      const started = performance.now()
      const response = await submitLogin(loginUrl, form, username, DEMO_PASSWORD)
      const elapsed = performance.now() - started
      const idToken = idTokenOf(response)
      if (response.status === 302 && idToken) return { ms: elapsed, outcome: { kind: 'tokens', idToken } }
      const text = errorText(await response.text()) ?? `HTTP ${response.status}`
      failures.add(text)
      return { ms: elapsed, outcome: { kind: TIMEOUT.test(text) ? 'timeout' : 'error', text } }
    }
    const atOnce = async (names: string[]) => {
      // Every form is open before the first POST: the sign-ins themselves start together.
      const forms = await Promise.all(names.map(() => openLoginForm(loginUrl)))
      return Promise.all(names.map((name, i) => signIn(name, forms[i] as Awaited<ReturnType<typeof openLoginForm>>)))
    }
    const level = (n: number, samples: Sample[]): SignInLevel => ({
      atOnce: n,
      signIns: samples.length,
      ...latency(samples.map((s) => s.ms)),
      tokenSets: samples.filter((s) => s.outcome.kind === 'tokens').length,
      triggerTimeouts: samples.filter((s) => s.outcome.kind === 'timeout').length,
      errors: samples.filter((s) => s.outcome.kind === 'error').length,
    })

    const sequential: Sample[] = []
    for (let i = 0; i < (options.sequentialSamples ?? 20); i++)
      sequential.push(...(await atOnce([users[i % users.length] as string])))
    const fifty = await atOnce(users.slice(0, Math.min(50, users.length)))
    const all = await atOnce(users)
    const levels = [level(1, sequential), level(fifty.length, fifty), level(all.length, all)]

    const tokens = all.flatMap((s) => (s.outcome.kind === 'tokens' ? [s.outcome.idToken] : []))
    const queries = tokens.length > 0 ? await ownRowQueries(urls.hasura, tokens, queryCount) : undefined
    const totals = levels.reduce(
      (sum, l) => ({
        tokenSets: sum.tokenSets + l.tokenSets,
        triggerTimeouts: sum.triggerTimeouts + l.triggerTimeouts,
        errors: sum.errors + l.errors,
      }),
      { tokenSets: 0, triggerTimeouts: 0, errors: 0 },
    )
    const queryResult = queries ?? { sent: 0, ownRows: 0, foreignRows: 0, errors: 0, p50: Number.NaN, p99: Number.NaN }
    for (const text of queries?.failures ?? []) failures.add(text)
    return {
      levels,
      queries: queryResult,
      tokenSets: totals.tokenSets,
      triggerTimeouts: totals.triggerTimeouts,
      foreignRows: queryResult.foreignRows,
      errors: totals.errors + queryResult.errors,
      failures: [...failures].slice(0, 5),
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- stack output ---\n${stack.child.output()}`)
  } finally {
    await stack.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** `count` own-row queries at once, round-robin over the tokens: each must return exactly the token's own row. */
async function ownRowQueries(url: string, tokens: string[], count: number) {
  let ownRows = 0
  let foreignRows = 0
  let errors = 0
  const failures = new Set<string>()
  const latencies = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const token = tokens[i % tokens.length] as string
      const sub = decodeJwt(token).sub
      const started = performance.now()
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ users { id username } }' }),
        })
        const body = (await response.json()) as { data?: { users: { id: string }[] }; errors?: { message: string }[] }
        const rows = body.data?.users ?? []
        foreignRows += rows.filter((row) => row.id !== sub).length
        if (rows.length === 1 && rows[0]?.id === sub) ownRows += 1
        else {
          errors += 1
          failures.add(body.errors?.[0]?.message ?? `HTTP ${response.status}, ${rows.length} rows`)
        }
      } catch (error) {
        errors += 1
        failures.add((error as Error).message)
      }
      return performance.now() - started
    }),
  )
  return { sent: count, ownRows, foreignRows, errors, ...latency(latencies), failures: [...failures] }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const users = Number(process.argv[2] ?? 200)
  const result = await benchConcurrentSignIn({ users })
  const f = (n: number) => `${n.toFixed(0)} ms`
  const rows = [
    ...result.levels.map(
      (l) =>
        [
          `hosted sign-in, ${l.atOnce} at once`,
          `p50 ${f(l.p50)} · p99 ${f(l.p99)} · ${l.tokenSets}/${l.signIns} token sets · ${l.triggerTimeouts} trigger timeouts · ${l.errors} errors`,
        ] as const,
    ),
    [
      `own-row queries, ${result.queries.sent} at once`,
      `p50 ${f(result.queries.p50)} · p99 ${f(result.queries.p99)} · ${result.queries.ownRows} own rows · ${result.queries.foreignRows} foreign rows · ${result.queries.errors} errors`,
    ] as const,
  ]
  const width = Math.max(...rows.map(([what]) => what.length))
  for (const [what, value] of rows) console.log(`${what.padEnd(width)}  ${value}`)
  if (result.failures.length) console.log(`\nfailures seen:\n  ${result.failures.join('\n  ')}`)
  process.exit(0)
}
