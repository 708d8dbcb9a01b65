/**
 * What a deployed stack tells its user: its outputs (exact keys, ../shared/CONTRACT.md), turned into the git-ignored
 * `.env.deployment` (the SPA's `VITE_*` names, the verifier's `VERIFY_SPA_URL`, Hasura's settings) and into the
 * Hasura settings to apply. Pure: tested without AWS.
 */
import { jwtSecretFor } from '../lib/local-pool.ts'

export const OUTPUT_KEYS = [
  'CognitoDomain',
  'CognitoClientId',
  'CognitoIssuer',
  'HasuraGraphqlUrl',
  'HasuraJwtSecret',
  'HasuraAdminSecretArn',
  'SpaUrl',
] as const

export type OutputKey = (typeof OUTPUT_KEYS)[number]
export type DeploymentOutputs = Record<OutputKey, string>

/** Reads one stack's outputs from `cdk deploy --outputs-file` JSON (`{ "<stack>": { "<key>": "<value>" } }`). */
export function readOutputs(json: unknown, stackName: string): DeploymentOutputs {
  const stack = (json as Record<string, Record<string, unknown>> | null)?.[stackName]
  const missing = OUTPUT_KEYS.filter((key) => typeof stack?.[key] !== 'string' || stack[key] === '')
  if (!stack || missing.length)
    throw new Error(`the outputs of ${stackName} lack ${missing.join(', ')}: was the deployment complete?`)
  return Object.fromEntries(OUTPUT_KEYS.map((key) => [key, stack[key] as string])) as DeploymentOutputs
}

/** Hasura's `HASURA_GRAPHQL_JWT_SECRET` for access tokens: Cognito access tokens carry `client_id`, no `aud`. */
export const accessTokenJwtSecret = (outputs: DeploymentOutputs) =>
  JSON.stringify(jwtSecretFor(outputs.CognitoIssuer, { tokenUse: 'access' }))

/** Hasura's console/CLI endpoint: the GraphQL URL without `/v1/graphql`. */
const hasuraEndpoint = (graphqlUrl: string) => graphqlUrl.replace(/\/v1\/graphql\/?$/, '')

export function envDeployment(outputs: DeploymentOutputs, writtenAt: Date): string {
  const spa = outputs.SpaUrl
  const entries: [string, string][] = [
    ...OUTPUT_KEYS.map((key): [string, string] => [key, outputs[key]]),
    ['VITE_COGNITO_DOMAIN', outputs.CognitoDomain],
    ['VITE_COGNITO_CLIENT_ID', outputs.CognitoClientId],
    ['VITE_COGNITO_ISSUER', outputs.CognitoIssuer],
    ['VITE_HASURA_GRAPHQL_URL', outputs.HasuraGraphqlUrl],
    ['VITE_REDIRECT_URI', `${spa}/cognito-callback`],
    ['VITE_LOGOUT_URI', `${spa}/`],
    ['VERIFY_SPA_URL', spa],
    ['HASURA_GRAPHQL_JWT_SECRET', outputs.HasuraJwtSecret],
    ['HASURA_GRAPHQL_CORS_DOMAIN', spa],
  ]
  return [
    `# Written by npm run infra:deploy at ${writtenAt.toISOString()} from the stack's outputs. No secret in here.`,
    '# `npx vite --mode deployment` runs the SPA with these VITE_* values (callbacks must allow its origin).',
    ...entries.map(([key, value]) => `${key}=${dotenvValue(value)}`),
    '',
  ].join('\n')
}

/** Single quotes keep JSON and URLs literal for dotenv (and Vite's loader): no expansion, no escapes. */
function dotenvValue(value: string): string {
  if (value.includes("'") || /[\r\n]/.test(value))
    throw new Error(`cannot write ${JSON.stringify(value)} to a .env file`)
  return /^[\w./:@-]*$/.test(value) ? value : `'${value}'`
}

export function hasuraInstructions(outputs: DeploymentOutputs): string {
  const endpoint = hasuraEndpoint(outputs.HasuraGraphqlUrl)
  const readSecret = `aws secretsmanager get-secret-value --secret-id ${outputs.HasuraAdminSecretArn} --query SecretString --output text`
  return `Apply on your Hasura (${endpoint}), e.g. Hasura Cloud → Project → Env vars:

  HASURA_GRAPHQL_JWT_SECRET=${outputs.HasuraJwtSecret}
      (ID tokens, the SPA's default. To send access tokens instead — VITE_HASURA_TOKEN=access, Pre Token Generation V2 —
       use ${accessTokenJwtSecret(outputs)})
  HASURA_GRAPHQL_CORS_DOMAIN=${outputs.SpaUrl}
  HASURA_GRAPHQL_ADMIN_SECRET=<the value in Secrets Manager, which the triggers read>:
      ${readSecret}
      (or keep Hasura's current admin secret and store that instead:
       aws secretsmanager put-secret-value --secret-id ${outputs.HasuraAdminSecretArn} --secret-string '<admin secret>')

Then create the users table and its permission (the project's hasura/ folder, unchanged):

  hasura deploy --project hasura --endpoint ${endpoint} --admin-secret "$(${readSecret})"

Sign up at ${outputs.SpaUrl} (Cognito e-mails the code), then check the whole chain:

  VERIFY_SPA_URL=${outputs.SpaUrl} VERIFY_USERNAME=<user> VERIFY_PASSWORD=<password> npm run verify:deployment
`
}
