/**
 * `npm start`'s settings, from its environment (README "Configuration"), as the stack's typed options. A value the
 * stack cannot honour stops start-up with a message naming the setting, before anything is started.
 */
import path from 'node:path'
import { TRIGGER_NAMES } from '../emulators/cognito/config.ts'
import { LOCAL_POOL } from '../lib/local-pool.ts'
import type { StackOptions } from './stack.ts'

export class StartOptionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = this.constructor.name
  }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  const choices = allowed.length > 2 ? `one of ${allowed.join(', ')}` : allowed.join(' or ')
  throw new StartOptionError(`${name} must be ${choices}, got ${JSON.stringify(value)}`)
}

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0 || n > 65535)
    throw new StartOptionError(`${name} must be a port number, got ${JSON.stringify(value)}`)
  return n
}

export function startOptions(env: Record<string, string | undefined>): StackOptions {
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined =>
    env[name] === undefined ? undefined : oneOf(name, env[name], allowed)
  return {
    dataDir: path.resolve(env.DEMO_DATA_DIR ?? '.data'),
    cognitoPort: port('COGNITO_PORT', env.COGNITO_PORT, LOCAL_POOL.cognitoPort),
    hasuraPort: port('HASURA_GRAPHQL_SERVER_PORT', env.HASURA_GRAPHQL_SERVER_PORT, LOCAL_POOL.hasuraPort),
    spaPort: port('SPA_PORT', env.SPA_PORT, LOCAL_POOL.spaPort),
    spa: pick('SPA_MODE', ['dev', 'preview']) ?? 'dev',
    // A local-only default pinned by ../shared/CONTRACT.md; set HASURA_GRAPHQL_ADMIN_SECRET to choose another.
    adminSecret: env.HASURA_GRAPHQL_ADMIN_SECRET ?? LOCAL_POOL.adminSecret,
    responseType: pick('VITE_OAUTH_RESPONSE_TYPE', ['token', 'code']),
    hasuraToken: pick('VITE_HASURA_TOKEN', ['id', 'access']),
    preTokenGenerationVersion: pick('COGNITO_PRE_TOKEN_GENERATION_VERSION', ['V1_0', 'V2_0']),
    hasuraProjectDir: env.HASURA_PROJECT_DIR === undefined ? undefined : path.resolve(env.HASURA_PROJECT_DIR),
    cognitoTriggers: env.COGNITO_TRIGGERS?.split(',')
      .map((name) => name.trim())
      .filter(Boolean)
      .map((name) => oneOf('each name in COGNITO_TRIGGERS', name, TRIGGER_NAMES)),
  }
}
