/**
 * The failure modes both sync triggers share, and where the admin secret comes from (Secrets Manager by ARN, or the
 * environment). Each failure throws, so Cognito refuses the step; no thrown text names Hasura's URL or the secret's
 * ARN (Cognito prints it on the hosted UI), while the log names the URL and never the secret.
 */
import { createServer } from 'node:net'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createUserSync, UPSERT_USER, type UserSyncOptions } from './hasura-user-sync.ts'
import { envelope } from './testing.ts'

const URL_ = 'http://hasura.internal.example:8080/v1/graphql'
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:HasuraAdminSecret-AbCdEf'
const user = envelope('PostConfirmation_ConfirmSignUp', 'sub-1', 'alice')

/** A Hasura that accepts the upsert and records the admin secret it was sent. */
function acceptingHasura() {
  const secrets: (string | null)[] = []
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    secrets.push(new Headers(init?.headers).get('x-hasura-admin-secret'))
    return Response.json({ data: { insert_users: { affected_rows: 1 } } })
  }
  return { fetch, secrets }
}

/**
 * A real SDK client whose HTTP layer answers in-process: the request is signed and serialized exactly as in Lambda,
 * nothing leaves the machine.
 */
function secretsManager(answer: () => { statusCode: number; body: unknown }) {
  const requests: { target: string | undefined; body: unknown }[] = []
  const client = new SecretsManagerClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-key' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body: string | Uint8Array }) => {
        const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body)
        requests.push({ target: request.headers['x-amz-target'], body: JSON.parse(text) })
        const { statusCode, body } = answer()
        return {
          response: {
            statusCode,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: new Response(JSON.stringify(body)).body,
          },
        }
      },
    },
  })
  return { client, requests }
}

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

describe('the admin secret', () => {
  it('comes from Secrets Manager by ARN, read once per container, and wins over HASURA_ADMIN_SECRET', async () => {
    const hasura = acceptingHasura()
    const sm = secretsManager(() => ({
      statusCode: 200,
      body: { ARN, Name: 'HasuraAdminSecret', SecretString: 'from-sm' },
    }))
    const sync = createUserSync({
      url: URL_,
      adminSecretArn: ARN,
      adminSecret: 'from-env',
      secretsManager: sm.client,
      fetch: hasura.fetch,
    })
    await sync(user)
    await sync(user)
    expect(sm.requests).toEqual([{ target: 'secretsmanager.GetSecretValue', body: { SecretId: ARN } }])
    expect(hasura.secrets).toEqual(['from-sm', 'from-sm'])
  })

  it('a failed read is not cached, and its message names neither the ARN nor the secret', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    let denied = true
    const sm = secretsManager(() =>
      denied
        ? { statusCode: 400, body: { __type: 'AccessDeniedException', message: 'not authorized' } }
        : { statusCode: 200, body: { SecretString: 'from-sm' } },
    )
    const hasura = acceptingHasura()
    const sync = createUserSync({ url: URL_, adminSecretArn: ARN, secretsManager: sm.client, fetch: hasura.fetch })
    const failure = await sync(user).catch((error: Error) => error)
    expect(failure).toBeInstanceOf(Error)
    expect((failure as Error).message).toBe(
      'could not read the Hasura admin secret from Secrets Manager: AccessDeniedException',
    )
    expect(String(log.mock.calls[0]?.[0])).toContain(ARN)
    expect(hasura.secrets).toEqual([])
    denied = false
    await sync(user)
    expect(sm.requests).toHaveLength(2)
    expect(hasura.secrets).toEqual(['from-sm'])
  })

  it('is read again after Hasura refused it (the secret was changed), not before', async () => {
    const values = ['old', 'new']
    const sm = secretsManager(() => ({ statusCode: 200, body: { SecretString: values.shift() } }))
    const sent: (string | null)[] = []
    const hasura: typeof fetch = async (_input, init) => {
      const secret = new Headers(init?.headers).get('x-hasura-admin-secret')
      sent.push(secret)
      return secret === 'new'
        ? Response.json({ data: { insert_users: { affected_rows: 1 } } })
        : Response.json({
            errors: [
              {
                extensions: { path: '$', code: 'access-denied' },
                message: 'invalid x-hasura-admin-secret/x-hasura-access-key',
              },
            ],
          })
    }
    const sync = createUserSync({ url: URL_, adminSecretArn: ARN, secretsManager: sm.client, fetch: hasura })
    await expect(sync(user)).rejects.toThrow(
      'Hasura refused the upsert: invalid x-hasura-admin-secret/x-hasura-access-key',
    )
    await sync(user)
    await sync(user)
    expect(sent).toEqual(['old', 'new', 'new'])
    expect(sm.requests).toHaveLength(2)
  })

  it('an empty secret is refused', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const sm = secretsManager(() => ({ statusCode: 200, body: { ARN } }))
    const sync = createUserSync({ url: URL_, adminSecretArn: ARN, secretsManager: sm.client })
    await expect(sync(user)).rejects.toThrow('the Hasura admin secret in Secrets Manager is empty')
  })

  it('is read from the environment when no option names it: HASURA_ADMIN_SECRET_ARN before HASURA_ADMIN_SECRET', async () => {
    vi.stubEnv('HASURA_GRAPHQL_URL', URL_)
    vi.stubEnv('HASURA_ADMIN_SECRET', 'from-env')
    const hasura = acceptingHasura()
    await createUserSync({ fetch: hasura.fetch })(user)
    expect(hasura.secrets).toEqual(['from-env'])

    vi.stubEnv('HASURA_ADMIN_SECRET_ARN', ARN)
    const sm = secretsManager(() => ({ statusCode: 200, body: { SecretString: 'from-sm' } }))
    await createUserSync({ fetch: hasura.fetch, secretsManager: sm.client })(user)
    expect(sm.requests).toHaveLength(1)
    expect(hasura.secrets).toEqual(['from-env', 'from-sm'])
  })
})

describe('failures', () => {
  const failing = (options: UserSyncOptions) => createUserSync({ url: URL_, adminSecret: 's3cret', ...options })(user)

  it('sends the upsert mutation with the sub and username', async () => {
    let sent: unknown
    await createUserSync({
      url: URL_,
      adminSecret: 's3cret',
      fetch: async (_input, init) => {
        sent = JSON.parse(String(init?.body))
        return Response.json({ data: { insert_users: { affected_rows: 1 } } })
      },
    })(user)
    expect(sent).toEqual({ query: UPSERT_USER, variables: { userId: 'sub-1', userName: 'alice' } })
  })

  it('an unreachable Hasura: the code for the user, the URL for the log, the secret nowhere', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const url = `http://127.0.0.1:${await closedPort()}/v1/graphql`
    await expect(failing({ url })).rejects.toThrow(/^could not reach Hasura: ECONNREFUSED$/)
    expect(String(log.mock.calls[0]?.[0])).toBe(`could not reach Hasura at ${url}: ECONNREFUSED`)
    expect(JSON.stringify(log.mock.calls)).not.toContain('s3cret')
  })

  it('a Hasura that does not answer in time', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const fetch: typeof globalThis.fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))
    await expect(failing({ timeoutMs: 50, fetch })).rejects.toThrow(/^could not reach Hasura: no answer within 50 ms$/)
  })

  it('an invalid URL is reported by its code, not its text (which would quote the URL)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await expect(failing({ url: 'hasura.internal.example/v1/graphql' })).rejects.toThrow(
      /^could not reach Hasura: ERR_INVALID_URL$/,
    )
  })

  it('HTTP errors, answers without data, and missing configuration', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await expect(failing({ fetch: async () => new Response('oops', { status: 500 }) })).rejects.toThrow(
      /^Hasura answered HTTP 500$/,
    )
    await expect(failing({ fetch: async () => Response.json({}) })).rejects.toThrow('Hasura answered without data')
    await expect(failing({ url: '' })).rejects.toThrow('HASURA_GRAPHQL_URL is not set')
    await expect(failing({ adminSecret: '' })).rejects.toThrow(
      'HASURA_ADMIN_SECRET is not set (nor HASURA_ADMIN_SECRET_ARN)',
    )
    const noSub = { ...user, request: { userAttributes: {} } }
    await expect(createUserSync({ url: URL_, adminSecret: 's' })(noSub)).rejects.toThrow(
      'the event carries no sub attribute',
    )
  })
})
