/**
 * `npm run infra:synth|infra:deploy` up to the network: argument parsing, the build → synth → `cdk deploy` order on
 * the synthesized assembly, `.env.deployment` and the printed Hasura settings, with the cdk CLI replaced by a fake
 * that answers as `--outputs-file` would. One real synthesis (the `-c spaUrl` variant, hosting left out).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { artefacts } from '../infra/testing/fixtures.ts'
import { type InfraPaths, type InfraSteps, PATHS, parseArgs, runInfra } from './infra.ts'

describe('arguments', () => {
  it('splits -c / --context name=value from the arguments for the cdk CLI', () => {
    expect(
      parseArgs(['deploy', '-c', 'domainPrefix=my-demo', '--context=spaUrl=https://a.example', '--profile', 'demo']),
    ).toEqual({
      command: 'deploy',
      context: { domainPrefix: 'my-demo', spaUrl: 'https://a.example' },
      cdkArgs: ['--profile', 'demo'],
    })
    expect(parseArgs(['synth', '--context', 'hasuraGraphqlUrl=https://x/v1/graphql?a=b'])).toMatchObject({
      context: { hasuraGraphqlUrl: 'https://x/v1/graphql?a=b' },
    })
  })

  it('refuses what it cannot use, with the fix', () => {
    expect(() => parseArgs([])).toThrow('usage: tsx scripts/infra.ts synth|deploy|destroy')
    expect(() => parseArgs(['synth', '-c', 'domainprefix=x'])).toThrow(
      'unknown context "domainprefix"; the app reads domainPrefix, hasuraGraphqlUrl, spaUrl, protectUserPool',
    )
    expect(() => parseArgs(['synth', '-c'])).toThrow('-c needs name=value')
    expect(() => parseArgs(['synth', '--profile', 'x'])).toThrow('synth takes only -c name=value, not --profile x')
  })
})

describe('deploy', () => {
  const calls: string[] = []
  const logs: string[] = []
  let paths: InfraPaths
  let spaBuilt = false
  let steps: InfraSteps

  beforeAll(async () => {
    const dirs = await artefacts()
    paths = {
      ...PATHS,
      outdir: dirs.outdir,
      triggersDir: path.join(dirs.dir, 'fresh-triggers'),
      spaDir: dirs.spaDir,
      outputsFile: path.join(dirs.dir, 'outputs.json'),
      envFile: path.join(dirs.dir, '.env.deployment'),
    }
    steps = {
      buildSpa: async () => {
        spaBuilt = true
      },
      // The real zips, built where the fresh build would put them.
      buildTriggers: async () => {
        calls.push('buildTriggers')
        const { buildTriggers } = await import('./build-triggers.ts')
        const log = console.log
        console.log = () => {}
        await buildTriggers(paths.triggersDir).finally(() => {
          console.log = log
        })
      },
      cdk: async (args) => {
        calls.push(`cdk ${args.join(' ')}`)
        // What cdk deploy would see: the assembly just synthesized.
        expect(
          existsSync(path.join(args[args.indexOf('--app') + 1] as string, 'CognitoHasuraDemo.template.json')),
        ).toBe(true)
        writeFileSync(
          args[args.indexOf('--outputs-file') + 1] as string,
          JSON.stringify({
            CognitoHasuraDemo: {
              CognitoDomain: 'https://my-demo-1234.auth.eu-west-1.amazoncognito.com',
              CognitoClientId: 'client123',
              CognitoIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz',
              HasuraGraphqlUrl: 'https://my-project.hasura.app/v1/graphql',
              HasuraJwtSecret: '{"type":"RS256"}',
              HasuraAdminSecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:s',
              SpaUrl: 'http://localhost:3333',
            },
          }),
        )
      },
      log: (line) => logs.push(line),
    }
  })

  it('refuses wrong context before building anything', async () => {
    await expect(
      runInfra(parseArgs(['synth', '-c', 'domainPrefix=my-cognito', '-c', 'spaUrl=http://x.example']), steps, paths),
    ).rejects.toThrow(/domainPrefix "my-cognito": Cognito reserves[\s\S]*spaUrl "http:\/\/x\.example"/)
    expect(calls).toEqual([])
    expect(spaBuilt).toBe(false)
  })

  it('needs the real domain prefix and Hasura URL, and says so before building anything', async () => {
    await expect(runInfra(parseArgs(['deploy', '-c', 'domainPrefix=my-demo']), steps, paths)).rejects.toThrow(
      'deploy needs -c hasuraGraphqlUrl=…, e.g. npm run infra:deploy -- -c domainPrefix=my-demo-1234',
    )
    expect(calls).toEqual([])
  })

  it('builds, synthesizes, runs cdk deploy on that assembly, writes .env.deployment and prints the Hasura settings', async () => {
    const args = parseArgs([
      'deploy',
      '-c',
      'domainPrefix=my-demo-1234',
      '-c',
      'hasuraGraphqlUrl=https://my-project.hasura.app/v1/graphql',
      '-c',
      'spaUrl=http://localhost:3333',
      '-c',
      'protectUserPool=true',
      '--require-approval',
      'never',
    ])
    const templatePath = await runInfra(args, steps, paths)
    expect(calls).toEqual([
      'buildTriggers',
      `cdk deploy CognitoHasuraDemo --app ${paths.outdir} --outputs-file ${paths.outputsFile} --require-approval never`,
    ])
    expect(spaBuilt).toBe(false) // spaUrl: the SPA is hosted elsewhere
    expect(readFileSync(paths.envFile, 'utf8')).toContain('VERIFY_SPA_URL=http://localhost:3333\n')
    expect(logs.join('\n')).toContain('HASURA_GRAPHQL_CORS_DOMAIN=http://localhost:3333')
    expect(logs[0]).toMatch(/^synthesized .*CognitoHasuraDemo\.template\.json in [\d.]+ s \(domain prefix my-demo-1234/)

    // The -c spaUrl variant: no hosting, callbacks on that URL, the pool kept and protected.
    const template = Template.fromJSON(JSON.parse(readFileSync(templatePath, 'utf8')))
    for (const type of ['AWS::S3::Bucket', 'AWS::CloudFront::Distribution', 'Custom::CDKBucketDeployment'])
      template.resourceCountIs(type, 0)
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['http://localhost:3333/cognito-callback'],
      LogoutURLs: ['http://localhost:3333/'],
    })
    template.hasOutput('SpaUrl', { Value: 'http://localhost:3333' })
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { DeletionProtection: 'ACTIVE' },
    })
  }, 120_000)
})
