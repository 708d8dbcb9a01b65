/**
 * The Cognito stand-in's configuration, from the COGNITO_* environment (../shared/CONTRACT.md), read once.
 * Defaults are the local demo pool: everything works offline without any setting.
 */
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { LOCAL_POOL, localhost } from '../../lib/local-pool.ts'

export const TRIGGER_NAMES = ['pre-token-generation', 'post-confirmation', 'post-authentication'] as const
export type TriggerName = (typeof TRIGGER_NAMES)[number]

/** `LambdaConfig.PreTokenGenerationConfig.LambdaVersion` (specs/cognito.md §9.3–9.4); V3_0 only adds M2M tokens. */
const PRE_TOKEN_GENERATION_VERSIONS = ['V1_0', 'V2_0'] as const
export type PreTokenGenerationVersion = (typeof PRE_TOKEN_GENERATION_VERSIONS)[number]

export interface CognitoConfig {
  port: number
  host: string
  region: string
  userPoolId: string
  clientId: string
  callbackUrls: string[]
  logoutUrls: string[]
  dataDir: string
  triggers: TriggerName[]
  /** Which Pre Token Generation event the pool sends: V1_0 changes the ID token only, V2_0 the access token too. */
  preTokenGenerationVersion: PreTokenGenerationVersion
  /** The hosted-UI "domain" as browsers reach it. */
  publicUrl: string
  allowedFlows: ('code' | 'implicit')[]
  allowedScopes: string[]
  validity: { idToken: number; accessToken: number; refreshToken: number; authCode: number; session: number }
  /** scrypt cost N (a power of two). */
  passwordCost: number
  /** How many password hashes may run at once (passwords.ts says why). */
  hashConcurrency: number
  lockout: boolean
}

export const defaultConfig: CognitoConfig = {
  port: LOCAL_POOL.cognitoPort,
  host: '127.0.0.1',
  region: LOCAL_POOL.region,
  userPoolId: LOCAL_POOL.userPoolId,
  clientId: LOCAL_POOL.clientId,
  callbackUrls: [`${localhost(LOCAL_POOL.spaPort)}/cognito-callback`],
  logoutUrls: [`${localhost(LOCAL_POOL.spaPort)}/`],
  dataDir: path.resolve('.data/cognito'),
  triggers: [...TRIGGER_NAMES],
  preTokenGenerationVersion: 'V1_0',
  publicUrl: localhost(LOCAL_POOL.cognitoPort),
  allowedFlows: ['code', 'implicit'],
  allowedScopes: [...LOCAL_POOL.scopes],
  validity: { idToken: 3600, accessToken: 3600, refreshToken: 30 * 24 * 3600, authCode: 300, session: 3600 },
  // 2^15: ~60 ms per hash here — slow enough to make offline guessing costly, fast enough for a local demo.
  passwordCost: 2 ** 15,
  hashConcurrency: hashConcurrencyFor(undefined),
  lockout: true,
}

/**
 * Leaves two of libuv's threads (4 unless UV_THREADPOOL_SIZE says otherwise) to DNS and file I/O, and never runs
 * more hashes than there are cores to run them.
 */
export function hashConcurrencyFor(threadPoolSize: string | undefined, cores = availableParallelism()): number {
  const threads = Number(threadPoolSize) > 0 ? Number(threadPoolSize) : 4
  return Math.max(1, Math.min(cores, threads - 2))
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = this.constructor.name
  }
}

/** aws-jwt-verify's pool id pattern: ids like cognito-local's `local_x` break real clients (specs/cognito.md §1.2). */
const POOL_ID = /^(?<region>(?:eusc-[a-z]{2}|[a-z]{2})-(gov-)?[a-z]+-\d)_[a-zA-Z0-9]+$/

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

export function loadConfig(env: Record<string, string | undefined> = process.env): CognitoConfig {
  const config: CognitoConfig = { ...defaultConfig }
  const problems: string[] = []
  if (env.COGNITO_PORT) {
    const port = Number(env.COGNITO_PORT)
    if (!Number.isInteger(port) || port <= 0 || port > 65535)
      problems.push(`COGNITO_PORT must be a port number, got ${env.COGNITO_PORT}`)
    else config.port = port
  }
  config.publicUrl = (env.COGNITO_PUBLIC_URL ?? localhost(config.port)).replace(/\/$/, '')
  if (env.COGNITO_USER_POOL_ID) {
    const match = POOL_ID.exec(env.COGNITO_USER_POOL_ID)
    if (!match) problems.push(`COGNITO_USER_POOL_ID must look like us-east-1_AbC123, got ${env.COGNITO_USER_POOL_ID}`)
    else {
      config.userPoolId = env.COGNITO_USER_POOL_ID
      config.region = match.groups?.region ?? config.region
    }
  }
  if (env.COGNITO_CLIENT_ID) {
    if (!/^[a-z0-9]{1,128}$/.test(env.COGNITO_CLIENT_ID))
      problems.push('COGNITO_CLIENT_ID must be lower-case letters and digits')
    else config.clientId = env.COGNITO_CLIENT_ID
  }
  for (const [name, key] of [
    ['COGNITO_CALLBACK_URLS', 'callbackUrls'],
    ['COGNITO_LOGOUT_URLS', 'logoutUrls'],
  ] as const) {
    const value = env[name]
    if (value === undefined) continue
    const urls = list(value)
    const bad = urls.filter((url) => !URL.canParse(url) || url.includes('#'))
    if (urls.length === 0 || bad.length > 0)
      problems.push(`${name} must be absolute URLs without a fragment, got ${value}`)
    else config[key] = urls
  }
  if (env.COGNITO_DATA_DIR) config.dataDir = path.resolve(env.COGNITO_DATA_DIR)
  if (env.COGNITO_TRIGGERS !== undefined) {
    const names = list(env.COGNITO_TRIGGERS)
    const unknown = names.filter((name) => !TRIGGER_NAMES.includes(name as TriggerName))
    if (unknown.length)
      problems.push(`COGNITO_TRIGGERS: unknown trigger(s) ${unknown.join(', ')}; known: ${TRIGGER_NAMES.join(', ')}`)
    else config.triggers = names as TriggerName[]
  }
  const version = env.COGNITO_PRE_TOKEN_GENERATION_VERSION
  if (version !== undefined) {
    if (PRE_TOKEN_GENERATION_VERSIONS.includes(version as PreTokenGenerationVersion))
      config.preTokenGenerationVersion = version as PreTokenGenerationVersion
    else
      problems.push(
        `COGNITO_PRE_TOKEN_GENERATION_VERSION must be V1_0 (the ID token only) or V2_0 (the access token too), got ${version}` +
          (version === 'V3_0' ? ': V3_0 adds client-credentials tokens, which this stand-in does not issue' : ''),
      )
  }
  // Token lifetimes in seconds, within Cognito's limits for app clients.
  const lifetimes = [
    ['COGNITO_ID_TOKEN_VALIDITY', 'idToken', 300, 86_400],
    ['COGNITO_ACCESS_TOKEN_VALIDITY', 'accessToken', 300, 86_400],
    ['COGNITO_REFRESH_TOKEN_VALIDITY', 'refreshToken', 3600, 315_360_000],
    ['COGNITO_AUTH_CODE_VALIDITY', 'authCode', 1, 3600],
  ] as const
  config.validity = { ...config.validity }
  for (const [name, key, min, max] of lifetimes) {
    const value = env[name]
    if (value === undefined) continue
    const seconds = Number(value)
    if (!Number.isInteger(seconds) || seconds < min || seconds > max)
      problems.push(`${name} must be whole seconds from ${min} to ${max}, got ${value}`)
    else config.validity[key] = seconds
  }
  config.hashConcurrency = hashConcurrencyFor(env.UV_THREADPOOL_SIZE)
  if (env.COGNITO_PASSWORD_COST) {
    const cost = Number(env.COGNITO_PASSWORD_COST)
    // scrypt's N: a power of two; below 2^10 hashing would be too cheap to mean anything.
    if (!Number.isInteger(Math.log2(cost)) || cost < 1024 || cost > 2 ** 20)
      problems.push(
        `COGNITO_PASSWORD_COST must be a power of two from 1024 to 1048576, got ${env.COGNITO_PASSWORD_COST}`,
      )
    else config.passwordCost = cost
  }
  if (problems.length) throw new ConfigError(problems.join('\n'))
  return config
}

export const issuerOf = (config: CognitoConfig) => `${config.publicUrl}/${config.userPoolId}`
