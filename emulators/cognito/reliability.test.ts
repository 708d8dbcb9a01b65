/**
 * Issue 8 against the real stand-in (`app.request`): concurrency, lockout and codes, the local endpoints, limits and
 * hygiene — each row with the precise answer. Kill -9 is in crash.test.ts; the 200-user run is
 * bench/concurrent-sign-in.ts.
 */
import { createHash } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { decodeJwt } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import { FakeClock } from '../clock.ts'
import { cryptoRandom } from './app.ts'
import { createAuthorizationCodes } from './authorization-codes.ts'
import { defaultConfig, hashConcurrencyFor } from './config.ts'
import { ExpiringMap } from './expiring-map.ts'
import { createHostedSessions } from './hosted-sessions.ts'
import { concurrencyLimit, createPasswordHasher } from './passwords.ts'
import { NO_CUSTOMIZATION } from './pre-token-generation.ts'
import {
  addUser,
  authorizeParams,
  CALLBACK,
  CLIENT_ID,
  codeFor,
  errorText,
  exchangeCode,
  fragment,
  post,
  TestBrowser,
  type TestCognito,
  testCognito,
} from './testing.ts'

const INCORRECT = 'Incorrect username or password.'
const LOCKED = 'Password attempts exceeded'
const MISMATCH = 'Invalid verification code provided, please try again.'
const LIMIT = 'Attempt limit exceeded, please try after some time.'

const signIn = async (cognito: TestCognito, username: string, password: string) =>
  new TestBrowser(cognito).submit(`/login?${authorizeParams()}`, { username, password })
const signInText = async (cognito: TestCognito, username: string, password: string) =>
  errorText(await (await signIn(cognito, username, password)).text())
const counts = (texts: (string | undefined)[]) => {
  const all: Record<string, number> = {}
  for (const text of texts) all[text ?? ''] = (all[text ?? ''] ?? 0) + 1
  return all
}
const wrongCode = (code: string, i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0')

describe('concurrency: password hashing is bounded', () => {
  it.each([
    [undefined, 8, 2],
    ['4', 8, 2],
    ['4', 2, 2],
    ['3', 8, 1],
    ['1', 8, 1],
    ['16', 8, 8],
    ['16', 2, 2],
    ['not a number', 8, 2],
  ])('with UV_THREADPOOL_SIZE=%s on %i cores hashes %i at once (two threads stay free)', (threads, cores, expected) => {
    expect(hashConcurrencyFor(threads, cores)).toBe(expected)
  })

  it('runs at most `limit` tasks at once, the rest in arrival order', async () => {
    const limited = concurrencyLimit(2)
    let running = 0
    let most = 0
    const order: number[] = []
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        limited(async () => {
          running += 1
          most = Math.max(most, running)
          order.push(i)
          await new Promise((resolve) => setTimeout(resolve, 2))
          running -= 1
        }),
      ),
    )
    expect(most).toBe(2)
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it("answers a DNS lookup while many hashes are queued (a trigger's fetch is not starved)", async () => {
    const hasher = createPasswordHasher({ cost: 2 ** 14, concurrency: 2 })
    let done = 0
    const hashes = Array.from({ length: 16 }, () => hasher.hash('Passw0rd!').then(() => (done += 1)))
    await lookup('localhost')
    const doneAtLookup = done
    await Promise.all(hashes)
    // Unbounded, the lookup would queue behind all 16 on libuv's 4 threads.
    expect(doneAtLookup).toBeLessThan(8)
  })

  it('verifies an unknown user against a hash nobody matches, at the same cost', async () => {
    const hasher = createPasswordHasher({ cost: 1024, concurrency: 1 })
    const stored = await hasher.hash('Passw0rd!')
    expect(await hasher.verify('Passw0rd!', stored)).toBe(true)
    expect(await hasher.verify('Passw0rd!', undefined)).toBe(false)
    expect(await hasher.verify('', undefined)).toBe(false)
  })
})

describe('lockout and codes', () => {
  it.each([
    ['a known user', true],
    ['an unknown user', false],
  ])(
    'checks at most 5 of 20 simultaneous wrong passwords for %s; the rest are "Password attempts exceeded"',
    async (_, known) => {
      const cognito = await testCognito()
      if (known) await addUser(cognito)
      const verify = vi.spyOn(cognito.deps.passwords, 'verify')
      const texts = await Promise.all(Array.from({ length: 20 }, () => signInText(cognito, 'alice', 'Wr0ng-pass!')))
      expect(counts(texts)).toEqual({ [INCORRECT]: 5, [LOCKED]: 15 })
      expect(verify).toHaveBeenCalledTimes(5)
      // Locked for 1 s after the 5th failure; then the right password gets through (for the known user).
      expect(await signInText(cognito, 'alice', 'Passw0rd!')).toBe(LOCKED)
      cognito.clock.advanceBy(1001)
      const after = await signIn(cognito, 'alice', 'Passw0rd!')
      if (known) expect(fragment(after).get('access_token')).toBeTruthy()
      else expect(errorText(await after.text())).toBe(INCORRECT)
    },
  )

  it('costs a known and an unknown user one password verification each, with the same text', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const verify = vi.spyOn(cognito.deps.passwords, 'verify')
    expect(await signInText(cognito, 'alice', 'Wr0ng-pass!')).toBe(INCORRECT)
    expect(await signInText(cognito, 'mallory', 'Wr0ng-pass!')).toBe(INCORRECT)
    expect(verify).toHaveBeenCalledTimes(2)
    expect(verify.mock.calls[1]?.[1]).toBeUndefined()
  })

  it('makes the same durable write for a reset code asked for an unknown name as for a known one', async () => {
    const cognito = await testCognito({ dataDir: mkdtempSync(path.join(tmpdir(), 'pool-')) }, { ephemeral: false })
    await addUser(cognito, 'lena')
    const journal = path.join(cognito.config.dataDir, 'pool.journal')
    const lines = () => readFileSync(journal, 'utf8').trim().split('\n').length
    const ask = (username: string) =>
      new TestBrowser(cognito).submit(`/forgotPassword?${authorizeParams()}`, { username })
    const before = lines()
    await ask('lena')
    expect(lines()).toBe(before + 1)
    await ask('nobody')
    expect(lines()).toBe(before + 2)
    expect(cognito.deps.outbox.messages().map((m) => m.username)).toEqual(['lena'])
  })

  it('spends a sign-up code after 5 wrong tries: "Attempt limit exceeded", even for the right code, until a new one is sent', async () => {
    const cognito = await testCognito()
    const browser = new TestBrowser(cognito)
    const created = await browser.submit(`/signup?${authorizeParams()}`, {
      username: 'erin',
      'requiredAttributes[email]': 'erin@example.com',
      password: 'Passw0rd!',
    })
    const confirmPath = created.headers.get('location') ?? ''
    const code = cognito.deps.outbox.messages().at(-1)?.code ?? ''
    const tryCode = async (value: string) =>
      errorText(await (await browser.submit(confirmPath, { username: 'erin', code: value })).text())
    for (let i = 0; i < 5; i++) expect(await tryCode(wrongCode(code, i))).toBe(MISMATCH)
    expect(await tryCode(code)).toBe(LIMIT)
    await browser.get(`/resendcode?${authorizeParams({ username: 'erin' })}`)
    const fresh = cognito.deps.outbox.messages().at(-1)?.code ?? ''
    const confirmed = await browser.submit(confirmPath, { username: 'erin', code: fresh })
    expect(fragment(confirmed).get('access_token')).toBeTruthy()
  })

  it('does not let 10 wrong reset codes and then the right one change the password', async () => {
    const cognito = await testCognito()
    await addUser(cognito, 'ivan')
    const browser = new TestBrowser(cognito)
    const asked = await browser.submit(`/forgotPassword?${authorizeParams()}`, { username: 'ivan' })
    const resetPath = asked.headers.get('location') ?? ''
    const code = cognito.deps.outbox.messages().at(-1)?.code ?? ''
    const reset = async (value: string) =>
      errorText(
        await (
          await browser.submit(resetPath, {
            username: 'ivan',
            code: value,
            password: 'N3w-Passw0rd',
            confirmPassword: 'N3w-Passw0rd',
          })
        ).text(),
      )
    const texts = []
    for (let i = 0; i < 10; i++) texts.push(await reset(wrongCode(code, i)))
    expect(texts).toEqual([...Array(5).fill(MISMATCH), ...Array(5).fill(LIMIT)])
    expect(await reset(code)).toBe(LIMIT)
    expect(await signInText(cognito, 'ivan', 'N3w-Passw0rd')).toBe(INCORRECT)
    expect(fragment(await signIn(cognito, 'ivan', 'Passw0rd!')).get('access_token')).toBeTruthy()

    await browser.submit(`/forgotPassword?${authorizeParams()}`, { username: 'ivan' })
    expect(await reset(cognito.deps.outbox.messages().at(-1)?.code ?? '')).toBeUndefined()
    expect(fragment(await signIn(cognito, 'ivan', 'N3w-Passw0rd')).get('access_token')).toBeTruthy()
  })

  it('checks at most 5 of 20 simultaneous reset codes', async () => {
    const cognito = await testCognito()
    await addUser(cognito, 'judy')
    const browser = new TestBrowser(cognito)
    await browser.submit(`/forgotPassword?${authorizeParams()}`, { username: 'judy' })
    const code = cognito.deps.outbox.messages().at(-1)?.code ?? ''
    const texts = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        errorText(
          await (
            await new TestBrowser(cognito).submit(`/confirmforgotPassword?${authorizeParams({ username: 'judy' })}`, {
              username: 'judy',
              code: wrongCode(code, i),
              password: 'N3w-Passw0rd',
              confirmPassword: 'N3w-Passw0rd',
            })
          ).text(),
        ),
      ),
    )
    expect(counts(texts)).toEqual({ [MISMATCH]: 5, [LIMIT]: 15 })
  })

  it('answers an unknown user, and a user with no code pending, exactly like a wrong code', async () => {
    const cognito = await testCognito()
    await addUser(cognito, 'kim')
    const reset = async (username: string) =>
      errorText(
        await (
          await new TestBrowser(cognito).submit(`/confirmforgotPassword?${authorizeParams({ username })}`, {
            username,
            code: '123456',
            password: 'N3w-Passw0rd',
            confirmPassword: 'N3w-Passw0rd',
          })
        ).text(),
      )
    for (const username of ['kim', 'nobody']) {
      const texts = []
      for (let i = 0; i < 6; i++) texts.push(await reset(username))
      expect(texts).toEqual([...Array(5).fill(MISMATCH), LIMIT])
    }
    // Asking for a code gives the same redirect to both, and both a fresh count.
    const ask = async (username: string) =>
      (await new TestBrowser(cognito).submit(`/forgotPassword?${authorizeParams()}`, { username })).headers.get(
        'location',
      )
    expect((await ask('nobody'))?.replace('nobody', 'kim')).toBe(await ask('kim'))
    expect(await reset('kim')).toBe(MISMATCH)
    expect(await reset('nobody')).toBe(MISMATCH)
  })
})

describe('local endpoints', () => {
  it('answers CORS only for the configured SPA origins', async () => {
    const { app } = await testCognito({ logoutUrls: ['http://127.0.0.1:4444/'] })
    for (const origin of ['http://localhost:3333', 'http://127.0.0.1:4444']) {
      const response = await app.request('/_local/outbox', { headers: { origin } })
      expect(response.headers.get('access-control-allow-origin')).toBe(origin)
      expect(response.headers.get('vary')).toContain('Origin')
    }
    for (const origin of ['https://evil.example', 'http://localhost:3334', 'null']) {
      const response = await app.request('/_local/outbox', { headers: { origin } })
      expect(response.status).toBe(200)
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
    }
  })

  it.each([
    ['text/plain', '{"username":"x","email":"x@example.com","password":"Passw0rd!"}'],
    ['application/x-www-form-urlencoded', 'username=x&email=x%40example.com&password=Passw0rd!'],
    ['multipart/form-data; boundary=b', '--b--'],
    ['', '{}'],
  ])('refuses to create a user from a %s body (415)', async (type, body) => {
    const cognito = await testCognito()
    const response = await post(cognito, '/_local/users', body, type)
    expect(response.status).toBe(415)
    expect(await response.json()).toEqual({
      __type: 'InvalidParameterException',
      message: 'Content-Type must be application/json',
    })
    expect(cognito.deps.users.list()).toEqual([])
  })

  it.each([
    [
      { username: '', email: 'a@example.com', password: 'Passw0rd!' },
      'InvalidParameterException',
      'Username cannot be empty',
    ],
    [
      { username: 'a b', email: 'a@example.com', password: 'Passw0rd!' },
      'InvalidParameterException',
      /^1 validation error detected: Value at 'username'/,
    ],
    [
      { username: 'amy', email: 'not-an-email', password: 'Passw0rd!' },
      'InvalidParameterException',
      'Invalid email address format.',
    ],
    [{ username: 'amy', password: 'Passw0rd!' }, 'InvalidParameterException', 'Invalid email address format.'],
    [
      { username: 'amy', email: 'a@example.com', password: 'Pa1!' },
      'InvalidParameterException',
      /Member must have length greater than or equal to 6$/,
    ],
    [
      { username: 'amy', email: 'a@example.com', password: 'passw0rd!' },
      'InvalidPasswordException',
      'Password did not conform with policy: Password must have uppercase characters',
    ],
    [
      { username: 'alice', email: 'a@example.com', password: 'Passw0rd!' },
      'UsernameExistsException',
      'User already exists',
    ],
  ])('validates %j like sign-up', async (body, type, message) => {
    const cognito = await testCognito()
    await addUser(cognito, 'ALICE')
    const response = await post(cognito, '/_local/users', JSON.stringify(body), 'application/json; charset=utf-8')
    expect(response.status).toBe(400)
    const answer = (await response.json()) as { __type: string; message: string }
    expect(answer.__type).toBe(type)
    expect(answer.message).toMatch(message)
    expect(cognito.deps.users.list()).toHaveLength(1)
  })

  it('answers a JSON body that is not an object with a precise 400', async () => {
    const cognito = await testCognito()
    for (const body of ['[1]', 'null', '"x"', '{broken']) {
      const response = await post(cognito, '/_local/users', body, 'application/json')
      expect(response.status).toBe(400)
      expect((await response.json()).message).toBe('The body must be a JSON object with username, email and password')
    }
  })

  it.each([
    ['http://rebind.evil.example/_local/users', 421],
    ['http://localhost.evil.example/_local/outbox', 421],
    ['http://127.0.0.2/oauth2/token', 421],
    ['http://localhost:9229/_local/users', 200],
    ['http://127.0.0.1/_local/users', 200],
    ['http://[::1]:9229/_local/users', 200],
    ['https://auth.demo.example/_local/users', 200],
  ])('answers Host of %s with %i', async (url, status) => {
    const { app } = await testCognito({ publicUrl: 'https://auth.demo.example' })
    const response = await app.request(url)
    expect(response.status).toBe(status)
    if (status === 421) expect(await response.text()).toContain('is not served here')
  })
})

describe('limits', () => {
  const big = (bytes: number) => `_csrf=x&username=${'a'.repeat(bytes)}`

  it.each([
    ['/login', 'application/x-www-form-urlencoded'],
    ['/signup', 'application/x-www-form-urlencoded'],
    ['/confirmforgotPassword', 'application/x-www-form-urlencoded'],
    ['/oauth2/token', 'application/x-www-form-urlencoded'],
    ['/oauth2/revoke', 'application/x-www-form-urlencoded'],
    ['/_local/users', 'application/json'],
  ])('refuses a body over 64 KB on %s with 413 before reading it', async (route, type) => {
    const cognito = await testCognito()
    const response = await post(cognito, `${route}?${authorizeParams()}`, big(64 * 1024), type)
    expect(response.status).toBe(413)
    expect(await response.text()).toBe('Request body too large: the limit is 64 KB.')
  })

  it('counts a streamed body without Content-Length too', async () => {
    const { app } = await testCognito()
    const chunk = new TextEncoder().encode('a'.repeat(16 * 1024))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const response = await app.request('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
  })

  it('still reads a form just under the limit', async () => {
    const cognito = await testCognito()
    const response = await post(cognito, '/oauth2/token', `grant_type=password&x=${'a'.repeat(64 * 1024 - 40)}`)
    expect(response.status).toBe(400)
    expect((await response.json()).error).toBe('unsupported_grant_type')
  })
})

describe('hygiene', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'signs up, confirms and signs in a user named %s like any other',
    async (name) => {
      const cognito = await testCognito()
      expect(await signInText(cognito, name, 'Passw0rd!')).toBe(INCORRECT)
      const browser = new TestBrowser(cognito)
      const created = await browser.submit(`/signup?${authorizeParams()}`, {
        username: name,
        'requiredAttributes[email]': 'p@example.com',
        password: 'Passw0rd!',
      })
      expect(created.status).toBe(302)
      const code = cognito.deps.outbox.messages().at(-1)?.code ?? ''
      const confirmed = await browser.submit(created.headers.get('location') ?? '', { username: name, code })
      expect(decodeJwt(fragment(confirmed).get('id_token') ?? '')['cognito:username']).toBe(name)
      expect(fragment(await signIn(cognito, name, 'Passw0rd!')).get('access_token')).toBeTruthy()
    },
  )

  it('refuses a PKCE downgrade: a code issued without code_challenge, redeemed with a code_verifier (RFC 9700 §2.1.1)', async () => {
    const cognito = await testCognito()
    await addUser(cognito)
    const downgraded = await exchangeCode(cognito, { code: await codeFor(cognito), code_verifier: 'v'.repeat(43) })
    expect(downgraded.status).toBe(400)
    expect(await downgraded.json()).toEqual({ error: 'invalid_grant' })
    expect((await exchangeCode(cognito, { code: await codeFor(cognito) })).status).toBe(200)
  })

  it('sweeps expired authorization codes and caps them, dropping the oldest', () => {
    const clock = new FakeClock()
    const codes = createAuthorizationCodes({ clock, random: cryptoRandom, config: defaultConfig })
    const grant = {
      request: { responseType: 'code' as const, clientId: CLIENT_ID, redirectUri: CALLBACK, scopes: ['openid'] },
      username: 'alice',
      authTime: 0,
      customization: NO_CUSTOMIZATION,
    }
    const redeem = (code: string) => () =>
      codes.redeem(code, { clientId: CLIENT_ID, redirectUri: CALLBACK, codeVerifier: null })
    const issued = Array.from({ length: 10_001 }, () => codes.issue(grant))
    expect(redeem(issued[0] as string)).toThrow(expect.objectContaining({ error: 'invalid_grant' }))
    expect(redeem(issued[1] as string)()).toMatchObject({ username: 'alice' })
    const late = codes.issue(grant)
    clock.advanceBy(300_000)
    expect(redeem(late)).toThrow(expect.objectContaining({ error: 'invalid_grant' }))
  })

  it('caps hosted sessions, signing out the oldest, and forgets expired ones', () => {
    const clock = new FakeClock()
    const sessions = createHostedSessions({ clock, random: cryptoRandom, config: defaultConfig })
    const ids = Array.from({ length: 10_001 }, (_, i) => sessions.start(`user${i}`, 0).id)
    expect(sessions.find(ids[0] as string)).toBeUndefined()
    expect(sessions.find(ids[10_000] as string)).toMatchObject({ username: 'user10000' })
    clock.advanceBy(3600 * 1000)
    expect(sessions.find(ids[10_000] as string)).toBeUndefined()
  })

  it('sweeps expired entries as new ones arrive, so expired state does not pile up', () => {
    const clock = new FakeClock()
    const map = new ExpiringMap<number>(clock, 100)
    for (let i = 0; i < 50; i++) map.set(`old${i}`, i, clock.now().getTime() + 1000)
    clock.advanceBy(60_000)
    map.set('new', 1, clock.now().getTime() + 1000)
    expect(map.size).toBe(1)
  })

  it('stores a refresh token only as its SHA-256 hash', async () => {
    const cognito = await testCognito({ dataDir: mkdtempSync(path.join(tmpdir(), 'pool-')) }, { ephemeral: false })
    await addUser(cognito)
    const tokens = await (await exchangeCode(cognito, { code: await codeFor(cognito) })).json()
    const journal = readFileSync(path.join(cognito.config.dataDir, 'pool.journal'), 'utf8')
    expect(journal).not.toContain(tokens.refresh_token)
    expect(journal).toContain(createHash('sha256').update(tokens.refresh_token).digest('base64url'))
  })

  it("shows the trigger's own message verbatim; the detail goes to the log and /_local/events only", async () => {
    const internal = 'http://hasura.internal:8080/v1/graphql'
    const cognito = await testCognito(
      {},
      {
        handlers: {
          'post-authentication': async () => {
            throw new Error('could not reach Hasura: no answer within 3000 ms', {
              cause: new Error(`fetch ${internal} timed out`),
            })
          },
        },
      },
    )
    await addUser(cognito)
    const page = await (await signIn(cognito, 'alice', 'Passw0rd!')).text()
    expect(errorText(page)).toBe(
      'PostAuthentication failed with error could not reach Hasura: no answer within 3000 ms.',
    )
    expect(page).not.toContain(internal)
    expect(cognito.lines.join('\n')).toContain(`caused by Error: fetch ${internal} timed out`)
    const events = await (await cognito.app.request('/_local/events')).json()
    expect(events.at(-1)).toMatchObject({
      trigger: 'post-authentication',
      error: 'could not reach Hasura: no answer within 3000 ms',
      detail: expect.stringContaining(internal),
    })
  })
})
