import { describe, expect, it } from 'vitest'
import { ContextError, EXAMPLE_CONTEXT, readSettings } from './context.ts'

const settings = (context: Record<string, unknown>) => readSettings((key) => context[key])
const problems = (context: Record<string, unknown>) => {
  try {
    settings(context)
  } catch (error) {
    expect(error).toBeInstanceOf(ContextError)
    return (error as Error).message
  }
  throw new Error('no ContextError')
}

describe('CDK context', () => {
  it('defaults to the example values (enough to synthesize and review), hosting included, pool not protected', () => {
    expect(settings({})).toEqual({ ...EXAMPLE_CONTEXT, spaUrl: undefined, protectUserPool: false })
  })

  it('takes the values given, booleans from strings (-c) or JSON (cdk.json), and normalizes spaUrl to its origin', () => {
    expect(
      settings({
        domainPrefix: 'my-demo-1234',
        hasuraGraphqlUrl: 'https://x.hasura.app/v1/graphql',
        spaUrl: 'https://demo.example.com/',
        protectUserPool: true,
      }),
    ).toEqual({
      domainPrefix: 'my-demo-1234',
      hasuraGraphqlUrl: 'https://x.hasura.app/v1/graphql',
      spaUrl: 'https://demo.example.com',
      protectUserPool: true,
    })
    expect(settings({ spaUrl: 'http://localhost:3333', protectUserPool: 'false' })).toMatchObject({
      spaUrl: 'http://localhost:3333',
      protectUserPool: false,
    })
  })

  it('refuses a domain prefix Cognito would refuse, naming the rule', () => {
    expect(problems({ domainPrefix: 'My_Demo' })).toContain('domainPrefix "My_Demo": use 1–63 lower-case letters')
    expect(problems({ domainPrefix: '-demo' })).toContain('not starting or ending with a hyphen')
    expect(problems({ domainPrefix: 'x'.repeat(64) })).toContain('1–63')
    expect(problems({ domainPrefix: 'my-cognito-demo' })).toContain('Cognito reserves prefixes that contain "cognito"')
    expect(problems({ domainPrefix: 'amazon-demo' })).toContain('"amazon"')
  })

  it('refuses a Hasura URL the triggers should not send the admin secret to', () => {
    expect(problems({ hasuraGraphqlUrl: 'http://x.hasura.app/v1/graphql' })).toContain('must be an https:// URL')
    expect(problems({ hasuraGraphqlUrl: 'x.hasura.app' })).toContain('hasuraGraphqlUrl "x.hasura.app"')
  })

  it('refuses an spaUrl with a path, or plain http anywhere but localhost', () => {
    expect(problems({ spaUrl: 'https://demo.example.com/app' })).toContain('must be an origin without a path')
    expect(problems({ spaUrl: 'http://demo.example.com' })).toContain('http:// only for localhost')
    expect(problems({ spaUrl: 'demo' })).toContain('spaUrl "demo"')
  })

  it('refuses protectUserPool other than true/false, and lists every problem at once', () => {
    const message = problems({ protectUserPool: 'yes', domainPrefix: 'aws', spaUrl: 'x' })
    expect(message.split('\n')).toEqual([
      'invalid CDK context:',
      expect.stringContaining('domainPrefix "aws"'),
      expect.stringContaining('spaUrl "x"'),
      '  - protectUserPool "yes": must be true or false',
    ])
  })
})
