/**
 * Where the sync triggers find Hasura's admin secret. In AWS: a Secrets Manager secret, named by its ARN in
 * `HASURA_ADMIN_SECRET_ARN` and read once per Lambda container with the AWS SDK v3 that the Node.js runtime provides
 * (so the bundle marks `@aws-sdk/*` external). Locally and in tests: the value itself, `HASURA_ADMIN_SECRET`.
 * The secret is never logged, and no error text carries it or the ARN (Cognito shows trigger errors on its pages).
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

export interface AdminSecretOptions {
  /** The secret itself (the local stand-in, tests). */
  adminSecret?: string
  /** A Secrets Manager secret whose SecretString is the admin secret (AWS). Wins over `adminSecret`. */
  adminSecretArn?: string
  /** Injected by tests; by default a client for the Lambda's own region and role. */
  secretsManager?: Pick<SecretsManagerClient, 'send'>
}

export interface AdminSecretSource {
  get(): Promise<string>
  /** Drops a secret Hasura refused, so that the next invocation reads the current value (after a change). */
  forget(): void
}

export function adminSecretSource(options: AdminSecretOptions): AdminSecretSource {
  const { adminSecret, adminSecretArn, secretsManager } = options
  if (!adminSecretArn) {
    return {
      get: async () => {
        if (!adminSecret) throw new Error('HASURA_ADMIN_SECRET is not set (nor HASURA_ADMIN_SECRET_ARN)')
        return adminSecret
      },
      forget: () => {},
    }
  }
  // One read per container; a failed read is not kept, so the next invocation tries again.
  let pending: Promise<string> | undefined
  return {
    get: () => {
      pending ??= readSecret(adminSecretArn, secretsManager).catch((error: unknown) => {
        pending = undefined
        throw error
      })
      return pending
    },
    forget: () => {
      pending = undefined
    },
  }
}

async function readSecret(arn: string, injected?: Pick<SecretsManagerClient, 'send'>): Promise<string> {
  // Imported on first use: the local stand-in never loads the SDK, and in Lambda it comes from the runtime.
  const sdk = await import('@aws-sdk/client-secrets-manager')
  // Cognito gives a trigger 5 s in all; one retry at most leaves time for the call to Hasura.
  const client = injected ?? new sdk.SecretsManagerClient({ maxAttempts: 2 })
  let value: string | undefined
  try {
    value = (await client.send(new sdk.GetSecretValueCommand({ SecretId: arn }))).SecretString
  } catch (error) {
    console.error(`reading the Hasura admin secret ${arn} from Secrets Manager failed:`, error)
    throw new Error(`could not read the Hasura admin secret from Secrets Manager: ${(error as Error).name}`)
  }
  if (!value) {
    console.error(`the Secrets Manager secret ${arn} has no SecretString`)
    throw new Error('the Hasura admin secret in Secrets Manager is empty')
  }
  return value
}
