/**
 * The local stack as one unit: the Cognito stand-in (its triggers wired to Hasura), the Hasura stand-in (JWT
 * mode against the Cognito stand-in's JWKS) and the SPA, on configurable ports and a data dir — each a worker thread
 * of the calling process with its own environment (`workers.ts`). Used by `npm start`, the end-to-end suite and the
 * benchmarks.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import type { TriggerName } from '../emulators/cognito/config.ts'
import { jwksUrlOf, jwtSecretFor, LOCAL_POOL, localhost, localUrls } from '../lib/local-pool.ts'
import { hostedSignIn, localLoginUrl } from './hosted-sign-in.ts'
import { portIsFree, prefixed, root, waitForUrl } from './processes.ts'
import type { SpaServerOptions } from './spa-server.ts'
import { bundle, type StackWorker, startWorker } from './workers.ts'

export interface StackOptions {
  dataDir: string
  cognitoPort: number
  hasuraPort: number
  spaPort: number
  /** `dev`: Vite's dev server; `preview`: the production build (run `vite build` first). */
  spa: 'dev' | 'preview'
  adminSecret: string
  responseType?: 'token' | 'code'
  /** A second SPA on this port built for the other response type (the end-to-end suite tests both flows). */
  altSpaPort?: number
  /**
   * Which token the SPA sends to Hasura (`VITE_HASURA_TOKEN`; default `id`). With `access` the Cognito stand-in runs
   * Pre Token Generation V2_0 (only V2 puts claims in the access token) and Hasura's JWT secret names no audience
   * (access tokens carry `client_id`, not `aud`).
   */
  hasuraToken?: 'id' | 'access'
  /** `COGNITO_PRE_TOKEN_GENERATION_VERSION`; default `V2_0` when Hasura gets the access token, else the stand-in's. */
  preTokenGenerationVersion?: 'V1_0' | 'V2_0'
  /** The Hasura CLI project the Hasura stand-in serves and the SPA's build reads (default `hasura/`). */
  hasuraProjectDir?: string
  /** `COGNITO_TRIGGERS`: the triggers the Cognito stand-in attaches; default the stand-in's own (all of them). */
  cognitoTriggers?: readonly TriggerName[]
  log?: (line: string) => void
  /** Stops what has started and fails start-up (Ctrl-C while `npm start` is starting). */
  signal?: AbortSignal
}

export const DEMO_USERS = [
  { username: 'alice', email: 'alice@example.com' },
  { username: 'bob', email: 'bob@example.com' },
]
export const DEMO_PASSWORD = 'Passw0rd!'

/** What runs in the stack's worker threads: the stand-ins' own `main.ts` (as `npm run emulator:*` runs them). */
const PARTS = {
  cognito: 'emulators/cognito/main.ts',
  hasura: 'emulators/hasura/main.ts',
  spa: 'scripts/spa-server.ts',
}

type Env = Record<string, string>

/** What each part is told: the stand-ins and the SPA see one another exactly as configured here. */
export function stackEnvironment(o: StackOptions) {
  const urls = localUrls(o)
  const spaOrigins = [urls.spa, ...(o.altSpaPort ? [localhost(o.altSpaPort)] : [])]
  const hasuraToken = o.hasuraToken ?? 'id'
  const preTokenGenerationVersion = o.preTokenGenerationVersion ?? (hasuraToken === 'access' ? 'V2_0' : undefined)
  const hasuraProjectDir = path.resolve(root, o.hasuraProjectDir ?? 'hasura')
  const cognito: Env = {
    COGNITO_PORT: String(o.cognitoPort),
    COGNITO_DATA_DIR: path.join(o.dataDir, 'cognito'),
    COGNITO_CALLBACK_URLS: spaOrigins.map((origin) => `${origin}/cognito-callback`).join(','),
    COGNITO_LOGOUT_URLS: spaOrigins.map((origin) => `${origin}/`).join(','),
    ...(preTokenGenerationVersion ? { COGNITO_PRE_TOKEN_GENERATION_VERSION: preTokenGenerationVersion } : {}),
    ...(o.cognitoTriggers ? { COGNITO_TRIGGERS: o.cognitoTriggers.join(',') } : {}),
    // The sync triggers' own configuration, as it would be set on the Lambda functions.
    HASURA_GRAPHQL_URL: urls.hasura,
    HASURA_ADMIN_SECRET: o.adminSecret,
  }
  const hasura: Env = {
    HASURA_GRAPHQL_SERVER_PORT: String(o.hasuraPort),
    HASURA_GRAPHQL_ADMIN_SECRET: o.adminSecret,
    HASURA_GRAPHQL_JWT_SECRET: JSON.stringify(
      hasuraToken === 'access'
        ? jwtSecretFor(urls.issuer, { tokenUse: 'access' })
        : jwtSecretFor(urls.issuer, { tokenUse: 'id', audience: LOCAL_POOL.clientId }),
    ),
    HASURA_GRAPHQL_CORS_DOMAIN: spaOrigins.join(','),
    HASURA_DATA_DIR: path.join(o.dataDir, 'hasura'),
    HASURA_PROJECT_DIR: hasuraProjectDir,
  }
  const spa = (responseType: 'token' | 'code'): Env => ({
    VITE_COGNITO_DOMAIN: urls.cognito,
    VITE_COGNITO_CLIENT_ID: LOCAL_POOL.clientId,
    VITE_COGNITO_ISSUER: urls.issuer,
    VITE_HASURA_GRAPHQL_URL: urls.hasura,
    VITE_OAUTH_RESPONSE_TYPE: responseType,
    VITE_HASURA_TOKEN: hasuraToken,
    // The SPA's build and dev server read the project to learn the schema its isolation proof covers.
    HASURA_PROJECT_DIR: hasuraProjectDir,
  })
  return { urls, cognito, hasura, spa }
}

export interface RunningStack {
  urls: ReturnType<typeof localUrls>
  stop(): Promise<void>
  /** Stops or restarts the Hasura stand-in alone (tests of a failing Post Authentication trigger). */
  stopHasura(): Promise<void>
  /**
   * `projectDir`: serve another Hasura project on the same database (its migrations must extend the running one's) —
   * as when a permission is changed in the console after the SPA was built (the end-to-end suite's metadata drift).
   */
  startHasura(projectDir?: string): Promise<void>
}

export async function startStack(o: StackOptions): Promise<RunningStack> {
  const log = o.log ?? ((line) => process.stdout.write(`${line}\n`))
  const env = stackEnvironment(o)
  const { urls } = env
  const taken = []
  for (const [name, port, variable] of [
    ['Cognito stand-in', o.cognitoPort, 'COGNITO_PORT'],
    ['Hasura stand-in', o.hasuraPort, 'HASURA_GRAPHQL_SERVER_PORT'],
    ['SPA', o.spaPort, 'SPA_PORT'],
  ] as const) {
    if (!(await portIsFree(port)))
      taken.push(`port ${port} (${name}) is already in use — stop what uses it, or set ${variable}`)
  }
  if (taken.length) throw new Error(taken.join('\n'))

  // Rolldown, the native bundler inside Vite, allocates with mimalloc, whose arenas are committed eagerly on Linux and
  // then keep what Vite's start-up frees (bundling its config, checking the dependency cache) resident: ~50 MB of the
  // dev server's memory. Committed on demand, freed memory goes back to the system. mimalloc reads its options from
  // the process's environment (not a worker's copy) when Rolldown loads: set before any part starts.
  process.env.MIMALLOC_ARENA_EAGER_COMMIT ??= '0'
  const files = await bundle(PARTS)
  const parts: StackWorker[] = []
  const startPart = (name: string, label: string, file: string, env: Env, data?: SpaServerOptions) => {
    const show = prefixed(name, log)
    const part = startWorker(label, file, {
      env,
      data,
      // The stack prints one `ready` line of its own once all three answer (../shared/CONTRACT.md): the
      // parts' own "ready" lines would announce it too early.
      onLine: (line) => {
        if (!/\bready\b/i.test(line)) show(line)
      },
    })
    parts.push(part)
    return part
  }
  // A part hears a stop request once it serves; one still starting is ended at once, as a child process without a
  // signal handler yet would be by Ctrl-C.
  const serving = new Set<StackWorker>()
  const answers = async (part: StackWorker, url: string) => {
    await waitForUrl(part, url)
    serving.add(part)
  }
  const stop = async () => {
    await Promise.all(parts.map((part) => part.stop({ graceMs: serving.has(part) ? 3000 : 0 })))
  }
  // The parts end, so whatever start-up waits for fails at once, and the catch below stops the rest.
  const abort = () => void stop()
  o.signal?.addEventListener('abort', abort, { once: true })

  try {
    o.signal?.throwIfAborted()
    const cognito = startPart('cognito', 'the Cognito stand-in', files.cognito, env.cognito)
    const startSpa = (port: number, responseType: 'token' | 'code') => {
      const [name, label] = port === o.spaPort ? ['spa', 'the SPA'] : [`spa:${port}`, 'the second SPA']
      const spaEnv = env.spa(responseType)
      if (o.spa === 'dev') return startPart(name, label, files.spa, spaEnv, { mode: 'dev', port })
      // The production build, made for these settings (VITE_* are build-time) in this stack's own folder.
      const outDir = path.join(o.dataDir, `spa-${port}`)
      const vite = 'node_modules/vite/bin/vite.js'
      execFileSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
        cwd: root,
        env: { ...process.env, ...spaEnv },
      })
      return startPart(name, label, files.spa, spaEnv, { mode: 'preview', port, outDir })
    }
    const responseType = o.responseType ?? 'token'
    const spa = startSpa(o.spaPort, responseType)
    const altSpa = o.altSpaPort ? startSpa(o.altSpaPort, responseType === 'token' ? 'code' : 'token') : undefined
    // Hasura fetches the JWKS at start-up (and refuses to start without it), so Cognito must answer first.
    await answers(cognito, jwksUrlOf(urls.issuer))
    const startHasura = (projectDir?: string) =>
      startPart('hasura', 'the Hasura stand-in', files.hasura, {
        ...env.hasura,
        ...(projectDir ? { HASURA_PROJECT_DIR: path.resolve(root, projectDir) } : {}),
      })
    let hasura = startHasura()
    const healthz = `${localhost(o.hasuraPort)}/healthz`
    await Promise.all([
      answers(hasura, healthz),
      answers(spa, urls.spa),
      ...(altSpa && o.altSpaPort ? [answers(altSpa, localhost(o.altSpaPort))] : []),
    ])
    await seedDemoUsers(urls.cognito, urls.spa, log)
    o.signal?.removeEventListener('abort', abort)
    return {
      urls,
      stop,
      stopHasura: async () => {
        await hasura.stop()
      },
      startHasura: async (projectDir) => {
        if (!hasura.exited()) return
        hasura = startHasura(projectDir)
        await answers(hasura, healthz)
      },
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * On an empty pool: creates the demo users, then signs each in once through the hosted UI, which runs the Post
 * Authentication trigger that syncs them into Hasura — the same path a real sign-in takes.
 */
export async function seedDemoUsers(cognitoUrl: string, spaUrl: string, log: (line: string) => void): Promise<void> {
  const existing = (await (await fetch(`${cognitoUrl}/_local/users`)).json()) as unknown[]
  if (existing.length > 0) return
  for (const user of DEMO_USERS) {
    const created = await fetch(`${cognitoUrl}/_local/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...user, password: DEMO_PASSWORD }),
    })
    if (!created.ok) throw new Error(`could not create demo user ${user.username}: ${await created.text()}`)
    const loginUrl = localLoginUrl({ cognito: cognitoUrl, spa: spaUrl })
    const signedIn = await hostedSignIn(loginUrl, user.username, DEMO_PASSWORD)
    if (signedIn.status !== 302)
      throw new Error(`could not sync demo user ${user.username}: the hosted sign-in answered ${signedIn.status}`)
    log(`[seed] created ${user.username} and synced it into Hasura's users table`)
  }
}
