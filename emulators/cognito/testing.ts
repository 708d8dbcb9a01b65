/**
 * Test helpers: a stand-in on a temporary data dir with a fake clock, and a small cookie-keeping browser that
 * drives the hosted UI through `app.request()` — no port is opened.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { FakeClock } from '../clock.ts'
import { type CognitoOptions, createCognito } from './app.ts'
import { type CognitoConfig, defaultConfig } from './config.ts'

export const CALLBACK = defaultConfig.callbackUrls[0] as string
export const CLIENT_ID = defaultConfig.clientId

// One data dir per test process: its signing keys are generated once; the pool itself stays in memory.
const keysDir = mkdtempSync(path.join(tmpdir(), 'cognito-test-'))

export async function testCognito(overrides: Partial<CognitoConfig> = {}, options: CognitoOptions = {}) {
  // Starts at the real time so that third-party clients (which read the real clock) accept the tokens.
  const clock = new FakeClock(Date.now())
  const config: CognitoConfig = {
    ...defaultConfig,
    dataDir: keysDir,
    passwordCost: 2 ** 10,
    ...overrides,
  }
  const lines: string[] = []
  const cognito = await createCognito(config, {
    clock,
    handlers: {},
    ephemeral: true,
    log: (line) => lines.push(line),
    ...options,
  })
  return { ...cognito, clock, config, lines }
}

export type TestCognito = Awaited<ReturnType<typeof testCognito>>

/** A trigger handler that answers the event unchanged. */
export const acceptingTrigger = async (event: unknown) => event

/** A trigger handler that fails with `message`, as a handler whose call to Hasura failed would. */
export const failingTrigger = (message: string) => async () => {
  throw new Error(message)
}

export function authorizeParams(extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    response_type: 'token',
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    scope: 'openid email profile',
    state: 'state-123',
    nonce: 'nonce-456',
    ...extra,
  }).toString()
}

/** A browser in miniature: keeps cookies, follows nothing, reads the CSRF field from forms. */
export class TestBrowser {
  readonly cookies = new Map<string, string>()
  readonly cognito: TestCognito
  constructor(cognito: TestCognito) {
    this.cognito = cognito
  }
  async request(pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await this.cognito.app.request(pathAndQuery, { ...init, headers })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';')
      const [name = '', value = ''] = pair.split('=')
      if (attributes.some((a) => /max-age=0/i.test(a.trim())) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }
  get(pathAndQuery: string) {
    return this.request(pathAndQuery)
  }
  /** GETs the form page, then POSTs `fields` with the page's CSRF token to the form's action. */
  async submit(pagePath: string, fields: Record<string, string>): Promise<Response> {
    const page = await this.get(pagePath)
    const text = await page.text()
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? ''
    const action = /<form[^>]+action="([^"]+)"/.exec(text)?.[1]?.replaceAll('&amp;', '&') ?? pagePath
    return this.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    })
  }
}

export function fragment(response: Response): URLSearchParams {
  const location = response.headers.get('location') ?? ''
  return new URLSearchParams(location.split('#')[1] ?? '')
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }

/** The text of the hosted UI's error box, entities decoded. */
export function errorText(html: string): string | undefined {
  return /class="errorMessage-customizable"[^>]*>([^<]*)</
    .exec(html)?.[1]
    ?.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e)
}

export async function addUser(
  cognito: TestCognito,
  username = 'alice',
  password = 'Passw0rd!',
  email = `${username}@example.com`,
) {
  const response = await cognito.app.request('/_local/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, email, password }),
  })
  return (await response.json()) as { username: string; sub: string }
}

/** POSTs `body` as a client would: fields URL-encoded (unless it is already a string) under `contentType`. */
export function post(
  cognito: Pick<TestCognito, 'app'>,
  route: string,
  body: Record<string, string> | string,
  contentType = 'application/x-www-form-urlencoded',
) {
  return cognito.app.request(route, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
  })
}

/** The authorization code a hosted sign-in as alice redirects with (`response_type=code`, plus `extra`). */
export async function codeFor(cognito: TestCognito, extra: Record<string, string> = {}): Promise<string> {
  const response = await new TestBrowser(cognito).submit(
    `/login?${authorizeParams({ response_type: 'code', ...extra })}`,
    { username: 'alice', password: 'Passw0rd!' },
  )
  return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? ''
}

/** `POST /oauth2/token` with the authorization-code grant for the test client and callback, plus `fields`. */
export const exchangeCode = (cognito: TestCognito, fields: Record<string, string>, contentType?: string) =>
  post(
    cognito,
    '/oauth2/token',
    { grant_type: 'authorization_code', client_id: CLIENT_ID, redirect_uri: CALLBACK, ...fields },
    contentType,
  )
