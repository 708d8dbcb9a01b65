/**
 * `/_local/*`: what a real pool would send elsewhere, made visible for development and tests — the outbox of
 * verification codes, the trigger log, and a way to create confirmed users (the demo seed). Passwords and tokens
 * never appear here.
 */
import { Hono } from 'hono'
import type { Deps } from '../deps.ts'
import { InvalidParameter, UsernameExists } from '../errors.ts'
import { hashPassword, passwordPolicyError } from '../passwords.ts'

export const local = (deps: Pick<Deps, 'config' | 'clock' | 'random' | 'users' | 'outbox' | 'triggers'>) =>
  new Hono()
    // Development data only, readable from the demo SPA's origin (it lists users to find foreign ids).
    .use(async (c, next) => {
      await next()
      if (c.req.method === 'GET') c.header('Access-Control-Allow-Origin', '*')
    })
    .get('/outbox', (c) => c.json(deps.outbox.messages()))
    .get('/events', (c) => c.json(deps.triggers.events()))
    .get('/users', (c) =>
      c.json(deps.users.list().map((u) => ({ username: u.username, sub: u.sub, email: u.email, status: u.status }))),
    )
    .post('/users', async (c) => {
      const body = (await c.req.json().catch(() => null)) as {
        username?: string
        email?: string
        password?: string
      } | null
      if (!body?.username || !body.email || !body.password) {
        return c.json(InvalidParameter('username, email and password are required').toJSON(), 400)
      }
      const policy = passwordPolicyError(body.password)
      if (policy) return c.json(policy.toJSON(), 400)
      const user = {
        username: body.username,
        sub: deps.random.uuid(),
        email: body.email,
        emailVerified: true,
        status: 'CONFIRMED' as const,
        passwordHash: await hashPassword(body.password, deps.config.passwordCost),
        createdAt: deps.clock.now().getTime(),
        failedAttempts: 0,
      }
      if (!deps.users.add(user)) return c.json(UsernameExists().toJSON(), 400)
      return c.json({ username: user.username, sub: user.sub, email: user.email, status: user.status }, 201)
    })
