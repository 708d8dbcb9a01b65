/**
 * `/_local/*`: what a real pool would send elsewhere, made visible for development and tests — the outbox of
 * verification codes, the trigger log, and a way to create confirmed users (the demo seed). Passwords and tokens
 * never appear here; live codes do, so only the configured SPA origins (those of the callback and sign-out URLs) may
 * read them cross-origin. Creating a user takes JSON only — a cross-site form cannot send it without a preflight —
 * and follows the sign-up rules and messages.
 */
import { Hono } from 'hono'
import type { Deps } from '../deps.ts'
import { CognitoError, InvalidParameter } from '../errors.ts'
import { register } from '../registration.ts'

/** The origins of the registered callback and sign-out URLs (custom schemes have none). */
function spaOrigins(config: Pick<Deps['config'], 'callbackUrls' | 'logoutUrls'>): Set<string> {
  const origins = [...config.callbackUrls, ...config.logoutUrls].map((url) => new URL(url).origin)
  return new Set(origins.filter((origin) => origin !== 'null'))
}

const text = (value: unknown) => (typeof value === 'string' ? value : '')

export const local = (
  deps: Pick<Deps, 'config' | 'clock' | 'random' | 'users' | 'passwords' | 'outbox' | 'triggers'>,
) => {
  const origins = spaOrigins(deps.config)
  return (
    new Hono()
      .use(async (c, next) => {
        await next()
        c.header('Vary', 'Origin', { append: true })
        const origin = c.req.header('origin')
        if (c.req.method === 'GET' && origin && origins.has(origin)) c.header('Access-Control-Allow-Origin', origin)
      })
      .get('/outbox', (c) => c.json(deps.outbox.messages()))
      .get('/events', (c) => c.json(deps.triggers.events()))
      // The demo SPA lists users to probe foreign ids.
      .get('/users', (c) =>
        c.json(deps.users.list().map((u) => ({ username: u.username, sub: u.sub, email: u.email, status: u.status }))),
      )
      .post('/users', async (c) => {
        if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? ''))
          return c.json(InvalidParameter('Content-Type must be application/json').toJSON(), 415)
        const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          return c.json(
            InvalidParameter('The body must be a JSON object with username, email and password').toJSON(),
            400,
          )
        try {
          const user = await register(
            deps,
            { username: text(body.username).trim(), email: text(body.email).trim(), password: text(body.password) },
            true,
          )
          return c.json({ username: user.username, sub: user.sub, email: user.email, status: user.status }, 201)
        } catch (error) {
          if (!(error instanceof CognitoError)) throw error
          return c.json(error.toJSON(), 400)
        }
      })
  )
}
