/**
 * DNS-rebinding protection for both stand-ins. They listen on loopback only, but a web page on any origin can point
 * its own host name at 127.0.0.1 and then talk to them "same-origin". The `Host` header gives that away: only the
 * loopback names and the configured public host are served; anything else is refused before routing.
 */
import type { Context, MiddlewareHandler } from 'hono'

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']

/** The host name of a URL or a `Host` value (`name:port`, `[v6]:port`), lower-cased; `undefined` when unparsable. */
export function hostName(value: string): string | undefined {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname.toLowerCase()
  } catch {
    return undefined
  }
}

export function allowedHosts(
  publicHosts: string[],
  refuse: (c: Context, host: string) => Response | Promise<Response>,
): MiddlewareHandler {
  const allowed = new Set([...LOOPBACK, ...publicHosts.map((h) => hostName(h) ?? h.toLowerCase())])
  return async function allowedHost(c, next) {
    // @hono/node-server builds the request URL from the Host header (and refuses a malformed one), so the URL's
    // host name is the Host the client sent; requests made in-process (`app.request`) have no Host to check.
    const host = new URL(c.req.url).hostname.toLowerCase()
    if (!allowed.has(host)) return refuse(c, host)
    await next()
  }
}
