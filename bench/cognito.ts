/**
 * Cognito stand-in latency: a full hosted sign-in (POST /login → 302 with tokens; scrypt verification included),
 * a code-for-tokens exchange, and token sets issued per second by silent sign-in. Runs as its own process.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { LOCAL_POOL } from '../lib/local-pool.ts'
import { type LoginForm, openLoginForm, submitLogin } from '../scripts/hosted-sign-in.ts'
import { type LoadResult, latency, load, median, sequential } from './load.ts'
import { startProcess, stopProcess } from './processes.ts'

const PORT = 19229
const BASE = `http://localhost:${PORT}`
const CALLBACK = 'http://localhost:3333/cognito-callback'
const CLIENT = LOCAL_POOL.clientId

export interface CognitoBench {
  passwordHashMs: { p50: number }
  hostedSignIn: { p50: number; p99: number; n: number }
  codeExchange: { p50: number; p99: number; n: number }
  silentSignIn: LoadResult
  tokenSetsPerSecond: number
}

const query = (extra: Record<string, string> = {}) =>
  new URLSearchParams({
    response_type: 'token',
    client_id: CLIENT,
    redirect_uri: CALLBACK,
    scope: 'openid email profile',
    state: 's',
    ...extra,
  })

const loginUrl = (q: URLSearchParams) => `${BASE}/login?${q}`

async function signIn(q: URLSearchParams, form: LoginForm) {
  const response = await submitLogin(loginUrl(q), form, 'bench', 'Passw0rd!')
  if (response.status !== 302) throw new Error(`sign-in answered ${response.status}`)
  const session =
    response.headers
      .getSetCookie()
      .find((c) => c.startsWith('cognito='))
      ?.split(';')[0] ?? ''
  return { location: response.headers.get('location') ?? '', session }
}

export async function benchCognito(durationMs: number): Promise<CognitoBench> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-cognito-'))
  // No triggers: this measures the stand-in itself, not Hasura behind the Post Authentication trigger.
  const child = await startProcess('emulators/cognito/main.ts', {
    COGNITO_PORT: String(PORT),
    COGNITO_DATA_DIR: dataDir,
    COGNITO_TRIGGERS: '',
  })
  try {
    const hashes = await sequential(10, async (i) => {
      const r = await fetch(`${BASE}/_local/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: i === 0 ? 'bench' : `hash${i}`,
          email: `h${i}@example.com`,
          password: 'Passw0rd!',
        }),
      })
      if (r.status !== 201) throw new Error(await r.text())
    })
    const q = query()
    const forms = await Promise.all(Array.from({ length: 50 }, () => openLoginForm(loginUrl(q))))
    const signIns = await sequential(50, async (i) => {
      await signIn(q, forms[i] as LoginForm)
    })

    const codeQuery = query({ response_type: 'code' })
    const { session } = await signIn(codeQuery, await openLoginForm(loginUrl(codeQuery)))
    const codes: string[] = []
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${BASE}/oauth2/authorize?${codeQuery}`, {
        redirect: 'manual',
        headers: { cookie: session },
      })
      codes.push(new URL(r.headers.get('location') ?? '').searchParams.get('code') ?? '')
    }
    const exchanges = await sequential(codes.length, async (i) => {
      const r = await fetch(`${BASE}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: CLIENT,
          code: codes[i] as string,
          redirect_uri: CALLBACK,
        }),
      })
      if (r.status !== 200) throw new Error(`exchange answered ${r.status}`)
      await r.json()
    })
    const silent = await load(
      async () => {
        const r = await fetch(`${BASE}/oauth2/authorize?${q}`, { redirect: 'manual', headers: { cookie: session } })
        return (r.headers.get('location') ?? '').includes('id_token=')
      },
      { concurrency: 4, durationMs },
    )
    const stats = (values: number[]) => ({ ...latency(values), n: values.length })
    return {
      passwordHashMs: { p50: median(hashes) },
      hostedSignIn: stats(signIns),
      codeExchange: stats(exchanges),
      silentSignIn: silent,
      tokenSetsPerSecond: silent.rps,
    }
  } finally {
    await stopProcess(child)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
