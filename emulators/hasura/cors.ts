/**
 * CORS as Hasura does it (`Hasura/Server/Cors.hs`, specs/hasura.md §7): only for requests with an `Origin`, the
 * origin is echoed (never `*`) when allowed by HASURA_GRAPHQL_CORS_DOMAIN; a disallowed origin gets no CORS
 * headers but is still served.
 */
import type { MiddlewareHandler } from 'hono'
import type { HasuraConfig } from './config.ts'

const ORIGIN = /^(https?:\/\/)([^.:/]+)\.([^:/]+)(?::(\d+))?$/
const WILDCARD = /^(https?:\/\/)\*\.([^:/]+)(?::(\d+))?$/

/**
 * `*` allows every origin; otherwise an origin is allowed when it is listed, or when a wildcard entry
 * (`https://*.foo.bar.com`) has its scheme and port and stands for exactly its first label: `originParser` in
 * `Hasura/Server/Cors.hs` drops one label and compares the rest, so `https://app.foo.bar.com` matches and
 * `https://inst1.app.foo.bar.com` does not (`server/tests-py/test_cors.py`).
 */
export function originAllowed(origin: string, domains: HasuraConfig['corsDomains']): boolean {
  if (domains === '*' || domains.includes(origin)) return true
  const [, scheme, , rest, port] = ORIGIN.exec(origin) ?? []
  if (scheme === undefined) return false
  return domains.some((domain) => {
    const wildcard = WILDCARD.exec(domain)
    return wildcard !== null && wildcard[1] === scheme && wildcard[2] === rest && wildcard[3] === port
  })
}

export function cors(config: HasuraConfig): MiddlewareHandler {
  return async function cors(c, next) {
    const origin = c.req.header('origin')
    const allowed = !config.corsDisabled && origin !== undefined && originAllowed(origin, config.corsDomains)
    if (c.req.method === 'OPTIONS' && allowed) {
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
        'Access-Control-Allow-Headers': c.req.header('access-control-request-headers') ?? '',
        'Access-Control-Max-Age': '1728000',
        'Content-Length': '0',
      })
    }
    await next()
    if (allowed) {
      c.header('Access-Control-Allow-Origin', origin)
      c.header('Access-Control-Allow-Credentials', 'true')
      c.header('Access-Control-Allow-Methods', 'GET,POST,PUT,PATCH,DELETE,OPTIONS')
    }
  }
}
