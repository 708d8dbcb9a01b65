/**
 * The Hasura stand-in's HTTP surface (specs/hasura.md §7): `POST /v1/graphql` (single and batched), `GET /healthz`,
 * `GET /v1/version`. Every GraphQL error is HTTP 200 with Hasura's body; the stand-in's own refusals (a foreign
 * `Host`, a body over the limit) are 4xx, in the same shape.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { allowedHosts } from '../allowed-hosts.ts'
import type { Clock } from '../clock.ts'
import { createAuthenticator } from './auth.ts'
import type { HasuraConfig } from './config.ts'
import { cors } from './cors.ts'
import type { Engine, GraphQLRequest } from './engine.ts'
import { HasuraError, toBody, toPlainBody } from './errors.ts'
import { responseText } from './json-text.ts'
import type { KeySet } from './jwk-set.ts'
import { bodyTooLarge, checkBatch } from './limits.ts'
import { createPacer } from './pacer.ts'

export const VERSION = 'v2.48.5-local'

export interface HasuraDeps {
  config: HasuraConfig
  engine: Engine
  keys?: KeySet
  clock: Clock
  requestId?: () => string
}

function asRequest(value: unknown): GraphQLRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HasuraError(
      'parse-failed',
      `Error in $: expected Object, but encountered ${Array.isArray(value) ? 'Array' : typeof value}`,
    )
  }
  const body = value as Record<string, unknown>
  if (typeof body.query !== 'string') {
    throw new HasuraError(
      'parse-failed',
      body.query === undefined ? `Error in $: key "query" not found` : 'Error in $.query: expected String',
    )
  }
  if (
    body.variables !== undefined &&
    body.variables !== null &&
    (typeof body.variables !== 'object' || Array.isArray(body.variables))
  ) {
    throw new HasuraError('parse-failed', 'Error in $.variables: expected Object')
  }
  return body as unknown as GraphQLRequest
}

/** A `Host` that is not ours (DNS rebinding): 403 in Hasura's shape for the path asked. */
function refuseHost(c: Context, host: string): Response {
  const error = new HasuraError('access-denied', `host "${host}" is not served here`)
  return c.req.path.startsWith('/v1/graphql') ? c.json(toBody(error), 403) : c.json(toPlainBody(error), 403)
}

export function createApp({ config, engine, keys, clock, requestId = () => crypto.randomUUID() }: HasuraDeps): Hono {
  const auth = createAuthenticator(config, keys, clock)
  const app = new Hono()
  // DNS rebinding arrives over the network: requests the Node server hands in (`c.env.incoming`) are checked; a
  // program calling `app.request` in-process chose its URL itself.
  const hostCheck = allowedHosts(config.allowedHosts, refuseHost)
  app.use((c, next) => ((c.env as { incoming?: unknown } | undefined)?.incoming ? hostCheck(c, next) : next()))
  app.use(cors(config))
  // Set before the handler answers: a header added to a finished response makes @hono/node-server rebuild it as a
  // web Response and stream its body out, where a prepared header goes straight into the Node response.
  app.use(async (c, next) => {
    c.header('x-request-id', c.req.header('x-request-id') ?? requestId())
    await next()
  })

  app.get('/healthz', (c) => c.text('OK'))
  app.get('/hasura/healthz', (c) => c.text('OK'))
  app.get('/v1/version', (c) => c.json({ version: VERSION, server_type: 'ce' }))
  // Current Hasura routes GET /v1/graphql to persisted queries, which the CE server does not support.
  app.get('/v1/graphql', (c) => c.json(toBody(new HasuraError('not-supported', 'PersistedQueryNotSupported'))))

  const tooLarge = (c: Context) => c.json(toBody(bodyTooLarge(config.limits)), 413)
  const limitStream = bodyLimit({ maxSize: config.limits.bodyBytes, onError: tooLarge })
  // hono/body-limit reads `c.req.raw.body`, for which @hono/node-server builds a whole web Request and streams the
  // body through it. A body with a Content-Length is held to that length by Node's HTTP parser, so the header alone
  // decides; only a chunked body goes through the middleware, which counts as it reads.
  const limitBody: MiddlewareHandler = (c, next) => {
    const length = c.req.header('content-length')
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return limitStream(c, next)
    return Number(length) > config.limits.bodyBytes ? Promise.resolve(tooLarge(c)) : next()
  }
  /** An answer whose text is made already (`json-text.ts`), as `c.json` would send it. */
  const json = (c: Context, text: string) => c.body(text, 200, { 'content-type': 'application/json' })
  app.post('/v1/graphql', limitBody, async (c) => {
    const text = await c.req.text()
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return c.json(
        toBody(
          new HasuraError(
            'invalid-json',
            `Error in $: Failed reading: not a valid json value at '${text.slice(0, 20).replace(/\s.*$/s, '')}'`,
          ),
        ),
      )
    }
    try {
      const session = await auth.authenticate(c.req.raw.headers)
      const backendOnly = session.isAdmin && c.req.header('x-hasura-use-backend-only-permissions') === 'true'
      // One pacer per HTTP request: a batch gives the event loop a turn between its operations too.
      const pacer = createPacer()
      if (Array.isArray(body)) {
        checkBatch(body.length, config.limits)
        const results: string[] = []
        for (const item of body) {
          try {
            results.push(responseText(await engine.run(asRequest(item), session, backendOnly, pacer)))
          } catch (error) {
            if (!(error instanceof HasuraError)) throw error
            results.push(JSON.stringify(toBody(error)))
          }
        }
        return json(c, `[${results.join(',')}]`)
      }
      return json(c, responseText(await engine.run(asRequest(body), session, backendOnly, pacer)))
    } catch (error) {
      if (error instanceof HasuraError) return c.json(toBody(error))
      throw error
    }
  })

  app.notFound((c) => c.json(toPlainBody(new HasuraError('not-found', 'resource does not exist')), 404))
  app.onError((error, c) => {
    // Never a stack trace on the wire; the console gets the detail.
    console.error(error)
    return c.json(toBody(new HasuraError('unexpected', 'unexpected error')))
  })
  return app
}
