/**
 * `HASURA_GRAPHQL_JWT_SECRET`, parsed with the rules and messages of `instance FromJSON JWTConfig`
 * (`server/src-lib/Hasura/Server/Auth/JWT.hs`, specs/hasura.md §1.1).
 */
import {
  type ClaimsConfig,
  type ClaimsFormat,
  DEFAULT_CLAIMS_NAMESPACE,
  parseJsonPath,
} from '../../lib/hasura-claims.ts'

export type TokenLocation =
  | { type: 'Authorization' }
  | { type: 'Cookie'; name: string }
  | { type: 'CustomHeader'; name: string }

export interface JwtSecret {
  type?: string
  key?: string
  jwkUrl?: string
  claims: ClaimsConfig
  audience?: string[]
  issuer?: string
  allowedSkew: number
  header: TokenLocation
}

const KEY_TYPES = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'Ed25519', 'ES256', 'ES384', 'ES512']
const HMAC_MIN_BYTES: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 }

export class JwtSecretError extends Error {
  constructor(message: string) {
    super(`HASURA_GRAPHQL_JWT_SECRET: ${message}`)
    this.name = this.constructor.name
  }
}

function optionalString(object: Record<string, unknown>, field: string): string | undefined {
  const value = object[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new JwtSecretError(`'${field}' must be a string`)
  return value
}

function parseHeader(value: unknown): TokenLocation {
  if (value === undefined || value === null) return { type: 'Authorization' }
  const header = value as Record<string, unknown>
  const type = typeof header.type === 'string' ? header.type.toLowerCase() : ''
  if (type === 'authorization') return { type: 'Authorization' }
  if ((type === 'cookie' || type === 'customheader') && typeof header.name === 'string') {
    return { type: type === 'cookie' ? 'Cookie' : 'CustomHeader', name: header.name }
  }
  throw new JwtSecretError("expected 'type' is 'Authorization' or 'Cookie' or 'CustomHeader'")
}

export function parseJwtSecret(text: string): JwtSecret {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new JwtSecretError(`not valid JSON (${(error as Error).message})`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new JwtSecretError('expected a JSON object')
  }
  const object = json as Record<string, unknown>
  if (object.claims_map !== undefined) {
    throw new JwtSecretError(
      "'claims_map' is not supported by the local Hasura stand-in; use claims_namespace or claims_namespace_path (see README)",
    )
  }
  const type = optionalString(object, 'type')
  const key = optionalString(object, 'key')
  const jwkUrl = optionalString(object, 'jwk_url')
  if (key === undefined && jwkUrl === undefined) throw new JwtSecretError('key and jwk_url both cannot be empty')
  if (key !== undefined && jwkUrl !== undefined) throw new JwtSecretError('key, jwk_url both cannot be present')
  if (key !== undefined) {
    if (type === undefined) throw new JwtSecretError("'type' is required when 'key' is given")
    if (!KEY_TYPES.includes(type)) throw new JwtSecretError(`Invalid JWK: Key type: ${type} is not supported`)
    const minimum = HMAC_MIN_BYTES[type]
    if (minimum !== undefined && new TextEncoder().encode(key).length < minimum) {
      throw new JwtSecretError(`Invalid JWK: Key size too small; should be atleast ${minimum} characters`)
    }
  }
  if (jwkUrl !== undefined && !URL.canParse(jwkUrl)) throw new JwtSecretError(`'jwk_url' is not a URL: ${jwkUrl}`)

  const namespace = optionalString(object, 'claims_namespace')
  const namespacePath = optionalString(object, 'claims_namespace_path')
  if (namespace !== undefined && namespacePath !== undefined) {
    throw new JwtSecretError('claims_namespace and claims_namespace_path both cannot be set')
  }
  if (namespacePath !== undefined) {
    try {
      parseJsonPath(namespacePath)
    } catch (error) {
      throw new JwtSecretError(`invalid JSON path claims_namespace_path error: ${(error as Error).message}`)
    }
  }
  const format = optionalString(object, 'claims_format') ?? 'json'
  if (format !== 'json' && format !== 'stringified_json') {
    throw new JwtSecretError(`'claims_format' must be "json" or "stringified_json", got ${JSON.stringify(format)}`)
  }
  const audienceValue = object.audience
  let audience: string[] | undefined
  if (typeof audienceValue === 'string') audience = [audienceValue]
  else if (Array.isArray(audienceValue) && audienceValue.every((a) => typeof a === 'string')) audience = audienceValue
  else if (audienceValue !== undefined && audienceValue !== null) {
    throw new JwtSecretError("'audience' must be a string or a list of strings")
  }
  const skew = object.allowed_skew ?? 0
  if (typeof skew !== 'number' || skew < 0) throw new JwtSecretError("'allowed_skew' must be a non-negative number")

  return {
    type,
    key,
    jwkUrl,
    claims: {
      claimsNamespace: namespacePath === undefined ? (namespace ?? DEFAULT_CLAIMS_NAMESPACE) : undefined,
      claimsNamespacePath: namespacePath,
      claimsFormat: format as ClaimsFormat,
    },
    audience,
    issuer: optionalString(object, 'issuer'),
    allowedSkew: skew,
    header: parseHeader(object.header),
  }
}
