/**
 * The Cognito stand-in: hosted-UI pages and OAuth2 endpoints on the "domain", discovery and JWKS under the issuer
 * path (`/<poolId>/.well-known/*`), mounted in one readable list. `createCognito` wires the dependencies.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { allowedHosts } from '../allowed-hosts.ts'
import { type Clock, systemClock } from '../clock.ts'
import { createAuthorizationCodes } from './authorization-codes.ts'
import type { CognitoConfig } from './config.ts'
import type { Deps, Random } from './deps.ts'
import { authorize } from './endpoints/authorize.ts'
import { confirm, resendCode } from './endpoints/confirm.ts'
import { error } from './endpoints/error.ts'
import { confirmForgotPassword, forgotPassword } from './endpoints/forgot-password.ts'
import { local } from './endpoints/local.ts'
import { login } from './endpoints/login.ts'
import { logout } from './endpoints/logout.ts'
import { revoke } from './endpoints/revoke.ts'
import { signup } from './endpoints/signup.ts'
import { token } from './endpoints/token.ts'
import { userInfo } from './endpoints/userinfo.ts'
import { wellKnown } from './endpoints/well-known.ts'
import { createHostedSessions } from './hosted-sessions.ts'
import { loadOrCreateKeys } from './keys.ts'
import { createLockout } from './lockout.ts'
import { createOutbox } from './outbox.ts'
import { STYLESHEET } from './pages.ts'
import { createPasswordHasher } from './passwords.ts'
import { openPool } from './pool.ts'
import { createTokenMinter } from './tokens.ts'
import { createTriggers, loadHandlers } from './triggers.ts'
import { createVerificationCodes } from './verification-codes.ts'

export const cryptoRandom: Random = {
  token: (bytes) => randomBytes(bytes).toString('base64url'),
  uuid: () => crypto.randomUUID(),
  digits: (length) => Array.from({ length }, () => randomInt(10)).join(''),
}

/** Every form and token request fits easily: the largest is a refresh token plus a few fields. */
const BODY_LIMIT_BYTES = 64 * 1024

export function createApp(deps: Deps): Hono {
  const app = new Hono()
  app.use(async (c, next) => {
    await next()
    c.header('Referrer-Policy', 'no-referrer')
    c.header('X-Content-Type-Options', 'nosniff')
    if (c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
      )
      c.header('Cache-Control', 'no-store')
    }
  })
  // DNS rebinding: a page on any origin may point its own name at 127.0.0.1; its Host header gives it away.
  app.use(
    allowedHosts([deps.config.publicUrl], (c, host) =>
      c.text(
        `Host "${host}" is not served here: use localhost, 127.0.0.1, [::1] or the host of COGNITO_PUBLIC_URL.`,
        421,
      ),
    ),
  )
  // Refused before anything reads the body.
  app.use(
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: (c) => c.text(`Request body too large: the limit is ${BODY_LIMIT_BYTES / 1024} KB.`, 413),
    }),
  )
  app.route('/oauth2/authorize', authorize(deps))
  app.route('/authorize', authorize(deps))
  app.route('/login', login(deps))
  app.route('/signup', signup(deps))
  app.route('/confirm', confirm(deps))
  app.route('/resendcode', resendCode(deps))
  app.route('/forgotPassword', forgotPassword(deps))
  app.route('/confirmforgotPassword', confirmForgotPassword(deps))
  app.route('/logout', logout(deps))
  app.route('/error', error())
  app.route('/oauth2/token', token(deps))
  app.route('/oauth2/userInfo', userInfo(deps))
  app.route('/oauth2/revoke', revoke(deps))
  app.route(`/${deps.config.userPoolId}/.well-known`, wellKnown(deps))
  app.route('/_local', local(deps))
  app.get('/static/hosted-ui.css', (c) =>
    c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'max-age=3600' }),
  )
  app.onError((err, c) => {
    // Never a stack trace on a page; the console gets the detail.
    deps.log(
      `[cognito] unexpected error on ${c.req.method} ${new URL(c.req.url).pathname}: ${err.stack ?? err.message}`,
    )
    return c.html('<!doctype html><title>Error</title><h1>An error was encountered with the requested page.</h1>', 500)
  })
  return app
}

export interface CognitoOptions {
  clock?: Clock
  random?: Random
  log?: (line: string) => void
  /** Replaces the project's trigger handlers (tests). */
  handlers?: Awaited<ReturnType<typeof loadHandlers>>
  /** Keep state in memory only (tests). */
  ephemeral?: boolean
}

export async function createCognito(config: CognitoConfig, options: CognitoOptions = {}) {
  const clock = options.clock ?? systemClock
  const random = options.random ?? cryptoRandom
  const keys = await loadOrCreateKeys(config.dataDir)
  const handlers = options.handlers ?? (await loadHandlers(config.triggers))
  const log = options.log ?? ((line: string) => console.log(line))
  const { users, refreshTokens } = openPool(options.ephemeral ? undefined : config.dataDir, { clock, log })
  const outbox = createOutbox({ clock, log })
  const deps: Deps = {
    config,
    clock,
    random,
    log,
    users,
    refreshTokens,
    passwords: createPasswordHasher({ cost: config.passwordCost, concurrency: config.hashConcurrency }),
    lockout: createLockout({ clock, enabled: config.lockout }),
    keys,
    mint: createTokenMinter(config, keys, clock, random.uuid),
    triggers: createTriggers(config, handlers, clock, log),
    authorizationCodes: createAuthorizationCodes({ clock, random, config }),
    hostedSessions: createHostedSessions({ clock, random, config }),
    verificationCodes: createVerificationCodes({ users, outbox, clock, random }),
    outbox,
  }
  return { app: createApp(deps), deps }
}
