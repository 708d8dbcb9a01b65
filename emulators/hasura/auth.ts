/**
 * Who is asking: admin secret first, then the JWT, then the unauthorized role
 * (`getUserInfoWithExpTime_` in `server/src-lib/Hasura/Server/Auth.hs`; specs/hasura.md §1.5–1.6).
 */
import { timingSafeEqual } from 'node:crypto'
import { type ClaimsResult, extractHasuraClaims, ROLE_NOT_ALLOWED, selectRole } from '../../lib/hasura-claims.ts'
import type { Clock } from '../clock.ts'
import type { HasuraConfig } from './config.ts'
import { HasuraError } from './errors.ts'
import type { KeySet } from './jwk-set.ts'
import { createJwtVerifier } from './jwt-verify.ts'

export interface Session {
  role: string
  /** Session variables, lower-cased names, `x-hasura-role` included. */
  variables: Record<string, string>
  isAdmin: boolean
}

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

function headerVariables(headers: Headers): Record<string, string> {
  const variables: Record<string, string> = {}
  headers.forEach((value, name) => {
    const key = name.toLowerCase()
    if (key.startsWith('x-hasura-') && key !== 'x-hasura-admin-secret' && key !== 'x-hasura-access-key') {
      variables[key] = value
    }
  })
  return variables
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const index = part.indexOf('=')
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim())
  }
  return undefined
}

export interface Authenticator {
  authenticate(headers: Headers): Promise<Session>
}

export function createAuthenticator(config: HasuraConfig, keys: KeySet | undefined, clock: Clock): Authenticator {
  const jwt = config.jwtSecret
  const verifyJwt = jwt && keys ? createJwtVerifier(jwt, keys, clock) : undefined
  // The verifier answers a remembered token with the same payload object, whose claims read the same every time;
  // they are kept as long as the verifier keeps the payload.
  const claimsOf = new WeakMap<Record<string, unknown>, ClaimsResult>()

  const tokenFrom = (headers: Headers): string | undefined => {
    if (!jwt) return undefined
    const location = jwt.header
    if (location.type === 'Cookie') return readCookie(headers.get('cookie'), location.name)
    if (location.type === 'CustomHeader') return headers.get(location.name) ?? undefined
    const authorization = headers.get('authorization')
    if (authorization === null) return undefined
    const words = authorization.split(/\s+/).filter(Boolean)
    if (words.length !== 2 || words[0] !== 'Bearer')
      throw new HasuraError('invalid-headers', 'Malformed Authorization header')
    return words[1]
  }

  return {
    async authenticate(headers) {
      const secret = headers.get('x-hasura-admin-secret') ?? headers.get('x-hasura-access-key')
      if (secret !== null) {
        if (!config.adminSecrets.some((configured) => equalSecrets(configured, secret))) {
          throw new HasuraError('access-denied', 'invalid x-hasura-admin-secret/x-hasura-access-key')
        }
        const variables = headerVariables(headers)
        const role = variables['x-hasura-role'] || 'admin'
        return { role, variables: { ...variables, 'x-hasura-role': role }, isAdmin: true }
      }
      if (config.adminSecrets.length === 0) {
        const variables = headerVariables(headers)
        const role = variables['x-hasura-role'] || 'admin'
        return { role, variables: { ...variables, 'x-hasura-role': role }, isAdmin: role === 'admin' }
      }
      const token = tokenFrom(headers)
      if (token === undefined || !verifyJwt) {
        if (config.unauthorizedRole) {
          // The x-hasura-role header is ignored here, but the other x-hasura-* headers become session variables.
          const role = config.unauthorizedRole
          return { role, variables: { ...headerVariables(headers), 'x-hasura-role': role }, isAdmin: false }
        }
        if (jwt) {
          throw new HasuraError(
            'invalid-headers',
            "Missing 'Authorization' or 'Cookie' header in JWT authentication mode",
          )
        }
        throw new HasuraError('access-denied', 'x-hasura-admin-secret/x-hasura-access-key required, but not found')
      }
      const payload = await verifyJwt(token)
      let extracted = claimsOf.get(payload)
      if (!extracted) {
        extracted = extractHasuraClaims(payload, (jwt as NonNullable<typeof jwt>).claims)
        claimsOf.set(payload, extracted)
      }
      if (!extracted.ok) throw new HasuraError(extracted.code, extracted.message)
      const role = selectRole(extracted.claims, headers.get('x-hasura-role') ?? undefined)
      if (role === undefined) throw new HasuraError('access-denied', ROLE_NOT_ALLOWED)
      return {
        role,
        variables: { ...extracted.claims.sessionVariables, 'x-hasura-role': role },
        isAdmin: role === 'admin',
      }
    },
  }
}
