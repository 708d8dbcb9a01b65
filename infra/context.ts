/**
 * The CDK app's settings, from CDK context (`-c name=value` after `npm run infra:synth --`, or `cdk.json`), checked
 * before anything is synthesized so that a wrong value fails with its name and the rule it breaks, not as a
 * CloudFormation rollback twenty minutes later. No value is looked up in AWS: synthesis stays offline.
 */

export interface DemoSettings {
  /** The Cognito prefix domain: `https://<domainPrefix>.auth.<region>.amazoncognito.com`. */
  domainPrefix: string
  /** Where the sync triggers upsert users, and what the SPA queries. */
  hasuraGraphqlUrl: string
  /** The SPA's origin when it is hosted elsewhere (the stack's S3 + CloudFront hosting is then left out). */
  spaUrl?: string
  /** Keep the user pool when the stack is deleted, and refuse to delete it by accident (deletion protection). */
  protectUserPool: boolean
}

/** What `npm run infra:synth` uses for a value not given: enough to synthesize and review, not to deploy. */
export const EXAMPLE_CONTEXT = {
  domainPrefix: 'hasura-demo-example',
  hasuraGraphqlUrl: 'https://my-project.hasura.app/v1/graphql',
} as const

/** The context keys the app reads; anything else given with -c is most likely a typo. */
export const CONTEXT_KEYS = ['domainPrefix', 'hasuraGraphqlUrl', 'spaUrl', 'protectUserPool'] as const

export class ContextError extends Error {
  constructor(problems: string[]) {
    super(`invalid CDK context:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ContextError'
  }
}

/** Reads the settings from a context lookup (`node.tryGetContext`), with the example values as defaults. */
export function readSettings(get: (key: string) => unknown): DemoSettings {
  const problems: string[] = []
  const text = (key: (typeof CONTEXT_KEYS)[number]): string | undefined => {
    const value = get(key)
    if (value === undefined || value === null || value === '') return undefined
    if (typeof value !== 'string' && typeof value !== 'boolean') problems.push(`${key} must be a string`)
    return String(value)
  }

  const domainPrefix = text('domainPrefix') ?? EXAMPLE_CONTEXT.domainPrefix
  // Cognito's rules for a prefix domain (CreateUserPoolDomain): lower-case letters, digits and hyphens, no hyphen at
  // either end, at most 63 characters, and none of the reserved words.
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domainPrefix))
    problems.push(
      `domainPrefix "${domainPrefix}": use 1–63 lower-case letters, digits and hyphens, not starting or ending with a hyphen`,
    )
  const reserved = ['aws', 'amazon', 'cognito'].find((word) => domainPrefix.includes(word))
  if (reserved) problems.push(`domainPrefix "${domainPrefix}": Cognito reserves prefixes that contain "${reserved}"`)

  const hasuraGraphqlUrl = text('hasuraGraphqlUrl') ?? EXAMPLE_CONTEXT.hasuraGraphqlUrl
  const hasura = URL.parse(hasuraGraphqlUrl)
  if (hasura?.protocol !== 'https:')
    problems.push(
      `hasuraGraphqlUrl "${hasuraGraphqlUrl}": must be an https:// URL such as ${EXAMPLE_CONTEXT.hasuraGraphqlUrl} (the triggers send the admin secret to it)`,
    )

  let spaUrl = text('spaUrl')
  if (spaUrl !== undefined) {
    const spa = URL.parse(spaUrl)
    const localhost = spa?.protocol === 'http:' && spa.hostname === 'localhost'
    if (!spa || !(spa.protocol === 'https:' || localhost) || spa.origin !== spaUrl.replace(/\/$/, ''))
      problems.push(
        `spaUrl "${spaUrl}": must be an origin without a path, https:// (Cognito allows http:// only for localhost), e.g. https://demo.example.com`,
      )
    else spaUrl = spa.origin
  }

  const protect = text('protectUserPool') ?? 'false'
  if (protect !== 'true' && protect !== 'false') problems.push(`protectUserPool "${protect}": must be true or false`)

  if (problems.length) throw new ContextError(problems)
  return { domainPrefix, hasuraGraphqlUrl, spaUrl, protectUserPool: protect === 'true' }
}
