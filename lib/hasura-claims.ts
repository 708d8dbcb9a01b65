/**
 * Hasura's JWT claims extraction (`parseClaimsMap` / `parseHasuraClaims` in
 * `server/src-lib/Hasura/Server/Auth/JWT.hs`), shared by the Hasura stand-in, which enforces it, and the SPA, which
 * uses it to predict Hasura's verdict before a request is sent. Pure: no DOM, no Node.
 */

export const DEFAULT_CLAIMS_NAMESPACE = 'https://hasura.io/jwt/claims'

export type ClaimsFormat = 'json' | 'stringified_json'

export interface ClaimsConfig {
  claimsNamespace?: string
  /** Hasura JSONPath, e.g. `$.hasura.claims`; mutually exclusive with `claimsNamespace`. */
  claimsNamespacePath?: string
  claimsFormat: ClaimsFormat
}

export interface HasuraClaims {
  allowedRoles: string[]
  defaultRole: string
  /** Every other `x-hasura-*` claim, names lower-cased as Hasura folds them. */
  sessionVariables: Record<string, string>
}

export type ClaimsErrorCode = 'jwt-invalid-claims' | 'jwt-missing-role-claims'

export type ClaimsResult =
  | { ok: true; claims: HasuraClaims; raw: Record<string, unknown> }
  | { ok: false; code: ClaimsErrorCode; message: string; raw?: unknown }

/** The word aeson uses for a JSON value's type in "expected X, but encountered Y". */
export function aesonType(value: unknown): string {
  if (value === null) return 'Null'
  if (Array.isArray(value)) return 'Array'
  switch (typeof value) {
    case 'string':
      return 'String'
    case 'number':
      return 'Number'
    case 'boolean':
      return 'Boolean'
    default:
      return 'Object'
  }
}

/** Parses a Hasura JSONPath (`$`, `$.a.b`, `$['a%'].b`) into keys; throws with the reason when it cannot. */
export function parseJsonPath(path: string): string[] {
  if (!path.startsWith('$')) throw new Error(`${JSON.stringify(path)} does not start with '$'`)
  const keys: string[] = []
  let i = 1
  while (i < path.length) {
    if (path[i] === '.') {
      const match = /^[A-Za-z0-9_-]+/.exec(path.slice(i + 1))
      if (!match) throw new Error(`expected a key after '.' at position ${i + 1}`)
      keys.push(match[0])
      i += 1 + match[0].length
    } else if (path.startsWith("['", i)) {
      const end = path.indexOf("']", i + 2)
      if (end < 0) throw new Error(`unterminated "['" at position ${i}`)
      keys.push(path.slice(i + 2, end))
      i = end + 2
    } else {
      throw new Error(`unexpected ${JSON.stringify(path[i])} at position ${i}`)
    }
  }
  return keys
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function locate(
  payload: Record<string, unknown>,
  config: ClaimsConfig,
): { found: boolean; value: unknown; where: string } {
  if (config.claimsNamespacePath !== undefined) {
    let value: unknown = payload
    for (const key of parseJsonPath(config.claimsNamespacePath)) {
      if (!isObject(value) || !(key in value)) return { found: false, value: undefined, where: '' }
      value = value[key]
    }
    return { found: true, value, where: `claims_namespace_path ${config.claimsNamespacePath}` }
  }
  const namespace = config.claimsNamespace ?? DEFAULT_CLAIMS_NAMESPACE
  return { found: namespace in payload, value: payload[namespace], where: `claims_namespace ${namespace}` }
}

/** Extracts the Hasura claims from a verified JWT payload, failing with Hasura's own message and code. */
export function extractHasuraClaims(payload: Record<string, unknown>, config: ClaimsConfig): ClaimsResult {
  const invalid = (message: string, raw?: unknown): ClaimsResult => ({
    ok: false,
    code: 'jwt-invalid-claims',
    message,
    raw,
  })
  const located = locate(payload, config)
  if (!located.found) {
    return config.claimsNamespacePath !== undefined
      ? invalid(`claims not found at claims_namespace_path: '${config.claimsNamespacePath}'`)
      : invalid(`claims key: '${config.claimsNamespace ?? DEFAULT_CLAIMS_NAMESPACE}' not found`)
  }
  let claims: unknown = located.value
  if (config.claimsFormat === 'stringified_json') {
    if (typeof claims !== 'string') return invalid('expecting a string when claims_format is stringified_json', claims)
    try {
      claims = JSON.parse(claims)
    } catch {
      return invalid(`expecting stringified json at: '${located.where}', but found: ${located.value}`, located.value)
    }
  }
  if (!isObject(claims)) return invalid('expecting a json object when claims_format is json', claims)

  const hasura: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(claims)) {
    if (key.toLowerCase().startsWith('x-hasura-')) hasura[key.toLowerCase()] = value
  }

  const allowed = hasura['x-hasura-allowed-roles']
  if (allowed === undefined) {
    return { ok: false, code: 'jwt-missing-role-claims', message: 'JWT claim does not contain x-hasura-allowed-roles' }
  }
  if (!Array.isArray(allowed)) {
    return invalid(
      `invalid x-hasura-allowed-roles; should be a list of roles: parsing [] failed, expected Array, but encountered ${aesonType(allowed)}`,
      claims,
    )
  }
  const badRole = allowed.find((role) => typeof role !== 'string')
  if (badRole !== undefined) {
    return invalid(
      `invalid x-hasura-allowed-roles; should be a list of roles: parsing Text failed, expected String, but encountered ${aesonType(badRole)}`,
      claims,
    )
  }
  const defaultRole = hasura['x-hasura-default-role']
  if (defaultRole === undefined) {
    return { ok: false, code: 'jwt-missing-role-claims', message: 'JWT claim does not contain x-hasura-default-role' }
  }
  if (typeof defaultRole !== 'string') {
    return invalid(
      `invalid x-hasura-default-role; should be a single role name: parsing Text failed, expected String, but encountered ${aesonType(defaultRole)}`,
      claims,
    )
  }
  const sessionVariables: Record<string, string> = {}
  for (const [key, value] of Object.entries(hasura)) {
    if (key === 'x-hasura-allowed-roles' || key === 'x-hasura-default-role') continue
    if (typeof value !== 'string') {
      return invalid(
        `x-hasura-* claims: parsing Text failed, expected String, but encountered ${aesonType(value)}`,
        claims,
      )
    }
    sessionVariables[key] = value
  }
  return { ok: true, claims: { allowedRoles: allowed as string[], defaultRole, sessionVariables }, raw: claims }
}

/** Role selection (`processJwt_`): the `x-hasura-role` header when sent, else the default role; must be allowed. */
export function selectRole(claims: HasuraClaims, requested: string | undefined): string | undefined {
  const role = requested && requested.length > 0 ? requested : claims.defaultRole
  return claims.allowedRoles.includes(role) ? role : undefined
}

export const ROLE_NOT_ALLOWED = 'Your requested role is not in allowed roles'

/** The Hasura claims of a token in the default namespace, stringified or not; `undefined` when Hasura would refuse. */
export function hasuraClaimsOf(payload: Record<string, unknown> | undefined): HasuraClaims | undefined {
  const raw = payload?.[DEFAULT_CLAIMS_NAMESPACE]
  if (!payload || raw === undefined) return undefined
  const result = extractHasuraClaims(payload, { claimsFormat: typeof raw === 'string' ? 'stringified_json' : 'json' })
  return result.ok ? result.claims : undefined
}
