/**
 * The Hasura stand-in's configuration: Hasura's own environment names (plus HASURA_PROJECT_DIR, HASURA_DATA_DIR and
 * HASURA_ALLOWED_HOSTS), read once per process. `loadConfig` fails fast with every problem named.
 */
import path from 'node:path'
import { type JwtSecret, parseJwtSecret } from './jwt-secret.ts'
import { DEFAULT_LIMITS, type Limits } from './limits.ts'

export interface HasuraConfig {
  port: number
  host: string
  adminSecrets: string[]
  jwtSecret?: JwtSecret
  unauthorizedRole?: string
  /** `*` or a list of origins, each possibly with a `*` wildcard (`https://*.example.com`). */
  corsDomains: '*' | string[]
  corsDisabled: boolean
  databaseUrl?: string
  projectDir: string
  dataDir: string
  /** HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE: an explicit null in a `where` comparison drops it (Hasura v1). */
  booleanNullCollapse: boolean
  /** Host names served besides localhost, 127.0.0.1 and [::1] (DNS-rebinding protection). */
  allowedHosts: string[]
  limits: Limits
}

export const defaultConfig: HasuraConfig = {
  port: 8080,
  host: '127.0.0.1',
  adminSecrets: [],
  corsDomains: '*',
  corsDisabled: false,
  projectDir: path.resolve('hasura'),
  dataDir: path.resolve('.data/hasura'),
  booleanNullCollapse: false,
  allowedHosts: [],
  limits: DEFAULT_LIMITS,
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = this.constructor.name
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): HasuraConfig {
  const config: HasuraConfig = { ...defaultConfig }
  if (env.HASURA_GRAPHQL_SERVER_PORT) {
    const port = Number(env.HASURA_GRAPHQL_SERVER_PORT)
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new ConfigError(`HASURA_GRAPHQL_SERVER_PORT must be a port number, got ${env.HASURA_GRAPHQL_SERVER_PORT}`)
    }
    config.port = port
  }
  if (env.HASURA_GRAPHQL_SERVER_HOST) config.host = env.HASURA_GRAPHQL_SERVER_HOST
  const secrets = env.HASURA_GRAPHQL_ADMIN_SECRETS
    ? (JSON.parse(env.HASURA_GRAPHQL_ADMIN_SECRETS) as string[])
    : env.HASURA_GRAPHQL_ADMIN_SECRET
      ? [env.HASURA_GRAPHQL_ADMIN_SECRET]
      : []
  config.adminSecrets = secrets
  if (env.HASURA_GRAPHQL_JWT_SECRET) {
    config.jwtSecret = parseJwtSecret(env.HASURA_GRAPHQL_JWT_SECRET)
    if (secrets.length === 0) {
      // server/src-lib/Hasura/Server/Auth.hs refuses this combination at start-up.
      throw new ConfigError(
        'Fatal Error : --jwt-secret (HASURA_GRAPHQL_JWT_SECRET) requires --admin-secret (HASURA_GRAPHQL_ADMIN_SECRET) to be set',
      )
    }
  }
  if (env.HASURA_GRAPHQL_UNAUTHORIZED_ROLE) {
    if (secrets.length === 0) {
      throw new ConfigError(
        'Fatal Error: --unauthorized-role (HASURA_GRAPHQL_UNAUTHORIZED_ROLE) requires --admin-secret (HASURA_GRAPHQL_ADMIN_SECRET) or --access-key (HASURA_GRAPHQL_ACCESS_KEY) to be set',
      )
    }
    config.unauthorizedRole = env.HASURA_GRAPHQL_UNAUTHORIZED_ROLE
  }
  const cors = env.HASURA_GRAPHQL_CORS_DOMAIN?.trim()
  if (cors && cors !== '*') config.corsDomains = cors.split(',').map((origin) => origin.trim())
  config.corsDisabled = env.HASURA_GRAPHQL_DISABLE_CORS === 'true'
  if (env.HASURA_GRAPHQL_DATABASE_URL) config.databaseUrl = env.HASURA_GRAPHQL_DATABASE_URL
  if (env.HASURA_PROJECT_DIR) config.projectDir = path.resolve(env.HASURA_PROJECT_DIR)
  if (env.HASURA_DATA_DIR) config.dataDir = path.resolve(env.HASURA_DATA_DIR)
  config.booleanNullCollapse = env.HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE === 'true'
  if (env.HASURA_ALLOWED_HOSTS) config.allowedHosts = env.HASURA_ALLOWED_HOSTS.split(',').map((h) => h.trim())
  return config
}
