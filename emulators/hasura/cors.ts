/**
 * CORS as Hasura does it (`Hasura/Server/Cors.hs`, specs/hasura.md §7): only for requests with an `Origin`, the
 * origin is echoed (never `*`) when allowed by HASURA_GRAPHQL_CORS_DOMAIN; a disallowed origin gets no CORS
 * headers but is still served.
 */
import type { MiddlewareHandler } from 'hono'
import type { HasuraConfig } from './config.ts'

export function originAllowed(origin: string, domains: HasuraConfig['corsDomains']): boolean {
  if (domains === '*') return true
  return domains.some((domain) => {
    if (!domain.includes('*')) return domain === origin
    const [prefix = '', suffix = ''] = domain.split('*')
    return origin.startsWith(prefix) && origin.endsWith(suffix) && origin.length > prefix.length + suffix.length
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
