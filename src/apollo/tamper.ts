/**
 * A token with its payload altered and its signature kept — what an attacker would send to claim another user's id.
 * Hasura must answer "Could not verify JWT: JWSError JWSInvalidSignature".
 */
import { base64url } from '../auth/random.ts'

const decode = (segment: string) =>
  JSON.parse(
    new TextDecoder().decode(
      Uint8Array.from(atob(segment.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0)),
    ),
  )

export function tamperPayload(token: string, userId: string): string {
  const [header, payload, signature] = token.split('.')
  const claims = decode(payload ?? '') as Record<string, unknown>
  const namespace = 'https://hasura.io/jwt/claims'
  const hasura = claims[namespace]
  const forged = { ...(typeof hasura === 'string' ? JSON.parse(hasura) : (hasura ?? {})), 'x-hasura-user-id': userId }
  claims[namespace] = typeof hasura === 'string' ? JSON.stringify(forged) : forged
  claims.sub = userId
  return `${header}.${base64url(new TextEncoder().encode(JSON.stringify(claims)))}.${signature}`
}
