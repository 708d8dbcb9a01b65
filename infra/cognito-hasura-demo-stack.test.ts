/**
 * The synthesized CognitoHasuraDemo template (S3 + CloudFront hosting, the default), property by property, with
 * cdk-nag's AWS Solutions checks armed: synthesis fails on any finding not acknowledged with a reason in code.
 * Synthesized once for the file.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { runInNewContext } from 'node:vm'
import { type App, type Stack, Validations } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import * as s3 from 'aws-cdk-lib/aws-s3'
import type { IConstruct } from 'constructs'
import { beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../lib/content-security-policy.ts'
import { jwtSecretFor } from '../lib/local-pool.ts'
import { triggerNames } from '../scripts/build-triggers.ts'
import { createDemoApp } from './app.ts'
import { STACK_NAME } from './cognito-hasura-demo-stack.ts'
import { OUTPUT_KEYS } from './deployment-outputs.ts'
import { artefacts, flatten } from './testing/fixtures.ts'

const CONTEXT = { domainPrefix: 'my-demo-1234', hasuraGraphqlUrl: 'https://my-project.hasura.app/v1/graphql' }

let template: Template
let json: string
let outdir: string
let triggersDir: string
let app: App
let stack: Stack

beforeAll(async () => {
  const dirs = await artefacts()
  ;({ outdir, triggersDir } = dirs)
  ;({ app, stack } = createDemoApp({ context: CONTEXT, ...dirs }))
  const assembly = app.synth()
  const artifact = assembly.getStackByName(STACK_NAME)
  template = Template.fromJSON(artifact.template)
  json = JSON.stringify(artifact.template)
}, 120_000)

/** The one resource of a type whose logical id starts with `prefix`. */
type CfnResource = ReturnType<Template['findResources']>[string]

function resource(type: string, prefix: string): CfnResource & { id: string } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix))
  expect(found, `${type} ${prefix}`).toHaveLength(1)
  const [id, body] = found[0] as [string, CfnResource]
  return { ...body, id }
}

const fn = (name: string) => resource('AWS::Lambda::Function', `Triggers${name.replaceAll('-', '')}`)
const pool = () => resource('AWS::Cognito::UserPool', 'UserPool')
const distribution = () => resource('AWS::CloudFront::Distribution', 'SpaDistribution')
const SPA = () => `https://\${${distribution().id}.DomainName}`

describe('user pool', () => {
  it("is the stand-in's: username sign-in, e-mail required and verified by code, self sign-up, default password policy", () => {
    const p = pool().Properties
    expect(p.UsernameAttributes).toBeUndefined()
    expect(p.AliasAttributes).toBeUndefined()
    expect(p.UsernameConfiguration).toEqual({ CaseSensitive: false })
    expect(p.Schema).toEqual([{ Name: 'email', Required: true, Mutable: true }])
    expect(p.AutoVerifiedAttributes).toEqual(['email'])
    expect(p.VerificationMessageTemplate.DefaultEmailOption).toBe('CONFIRM_WITH_CODE')
    expect(p.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: false })
    expect(p.Policies.PasswordPolicy).toEqual({
      MinimumLength: 8,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    })
  })

  it('is on the Essentials feature plan (Pre Token Generation V2_0 needs it)', () => {
    expect(pool().Properties.UserPoolTier).toBe('ESSENTIALS')
  })

  it('goes with the stack by default: deletion policy Delete, deletion protection off', () => {
    const p = pool()
    expect(p.DeletionPolicy).toBe('Delete')
    expect(p.UpdateReplacePolicy).toBe('Delete')
    expect(p.Properties.DeletionProtection).toBe('INACTIVE')
  })

  it('has a prefix domain from context with the classic hosted UI (managed login version 1)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'my-demo-1234',
      ManagedLoginVersion: 1,
      UserPoolId: { Ref: pool().id },
    })
  })
})

describe('app client', () => {
  it('is public, implicit + code, openid email profile, Cognito only, callbacks on the SPA, stand-in lifetimes', () => {
    const c = resource('AWS::Cognito::UserPoolClient', 'UserPoolSpaClient').Properties
    expect(c.GenerateSecret).toBe(false)
    expect(c.AllowedOAuthFlowsUserPoolClient).toBe(true)
    expect(c.AllowedOAuthFlows.sort()).toEqual(['code', 'implicit'])
    expect(c.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile'])
    expect(c.SupportedIdentityProviders).toEqual(['COGNITO'])
    expect(c.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']) // the hosted UI only: no API sign-in
    expect(c.CallbackURLs.map(flatten)).toEqual([`${SPA()}/cognito-callback`])
    expect(c.LogoutURLs.map(flatten)).toEqual([`${SPA()}/`])
    expect(c.TokenValidityUnits).toEqual({ IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' })
    expect([c.IdTokenValidity, c.AccessTokenValidity, c.RefreshTokenValidity]).toEqual([60, 60, 30 * 24 * 60])
  })
})

describe('triggers', () => {
  const NAMES = ['pre-token-generation', 'post-confirmation', 'post-authentication']

  it('every handler in cognito/triggers/ is attached: Pre Token Generation as V2_0', () => {
    expect(triggerNames()).toEqual([...NAMES].sort())
    expect(pool().Properties.LambdaConfig).toEqual({
      PreTokenGenerationConfig: {
        LambdaArn: { 'Fn::GetAtt': [fn('pre-token-generation').id, 'Arn'] },
        LambdaVersion: 'V2_0',
      },
      PostConfirmation: { 'Fn::GetAtt': [fn('post-confirmation').id, 'Arn'] },
      PostAuthentication: { 'Fn::GetAtt': [fn('post-authentication').id, 'Arn'] },
    })
  })

  it.each(NAMES)('%s: Node 22, index.handler, ≤ 5 s, its own log group with a retention', (name) => {
    const p = fn(name).Properties
    expect(p.Runtime).toBe('nodejs22.x')
    expect(p.Handler).toBe('index.handler')
    expect(p.Timeout).toBeLessThanOrEqual(5)
    const logGroupId = p.LoggingConfig.LogGroup.Ref as string
    expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30)
  })

  it.each(NAMES)('%s: the code is byte for byte the zip of build:triggers', (name) => {
    const key = flatten(fn(name).Properties.Code.S3Key)
    const asset = path.join(outdir, `asset.${key}`)
    expect(readFileSync(asset)).toEqual(readFileSync(path.join(triggersDir, `${name}.zip`)))
  })

  it.each(NAMES)('%s: only cognito-idp.amazonaws.com, and only for this pool, may invoke it', (name) => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (p) => p.Properties.FunctionName['Fn::GetAtt']?.[0] === fn(name).id,
    )
    expect(permissions.map((p) => p.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [fn(name).id, 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [pool().id, 'Arn'] },
      },
    ])
  })

  it('the sync triggers get HASURA_GRAPHQL_URL from context and the secret by ARN; pre-token gets nothing', () => {
    const secret = resource('AWS::SecretsManager::Secret', 'HasuraAdminSecret')
    for (const name of ['post-confirmation', 'post-authentication'])
      expect(fn(name).Properties.Environment).toEqual({
        Variables: { HASURA_GRAPHQL_URL: CONTEXT.hasuraGraphqlUrl, HASURA_ADMIN_SECRET_ARN: { Ref: secret.id } },
      })
    expect(fn('pre-token-generation').Properties.Environment).toBeUndefined()
  })
})

describe("Hasura's admin secret", () => {
  it('is generated by Secrets Manager: no value in the template', () => {
    const secret = resource('AWS::SecretsManager::Secret', 'HasuraAdminSecret').Properties
    expect(secret.GenerateSecretString).toMatchObject({ PasswordLength: 48 })
    expect(secret.SecretString).toBeUndefined()
  })

  it('only the sync triggers may read it', () => {
    const secretId = resource('AWS::SecretsManager::Secret', 'HasuraAdminSecret').id
    const readers = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) =>
        p.Properties.PolicyDocument.Statement.some(
          (s: { Action: string | string[]; Resource: unknown }) =>
            [s.Action].flat().some((a) => a.startsWith('secretsmanager:')) &&
            JSON.stringify(s.Resource) === JSON.stringify({ Ref: secretId }),
        ),
      )
      .flatMap((p) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref))
    const roleOf = (name: string) => fn(name).Properties.Role['Fn::GetAtt'][0]
    expect(readers.sort()).toEqual([roleOf('post-authentication'), roleOf('post-confirmation')].sort())
    expect(json).not.toMatch(/secretsmanager:\*|"secretsmanager:PutSecretValue"/)
  })

  it('no literal secret anywhere in the template: no admin secret value, no secret in any environment', () => {
    expect(json).not.toContain('local-admin-secret')
    expect(json).not.toContain('"HASURA_ADMIN_SECRET"')
    expect(json).not.toContain('"SecretString"')
    for (const f of Object.values(template.findResources('AWS::Lambda::Function')))
      for (const name of Object.keys(f.Properties.Environment?.Variables ?? {}))
        expect(name).not.toMatch(/SECRET(?!_ARN$)|PASSWORD|TOKEN/)
  })
})

describe('SPA hosting', () => {
  it('a private bucket: every public access blocked, TLS enforced, readable by this distribution only', () => {
    const bucket = resource('AWS::S3::Bucket', 'SpaBucket')
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    })
    const statements = resource('AWS::S3::BucketPolicy', 'SpaBucketPolicy').Properties.PolicyDocument.Statement
    const allows = statements.filter((s: { Effect: string }) => s.Effect === 'Allow')
    const readers = allows.filter((s: { Action: string | string[] }) => [s.Action].flat().includes('s3:GetObject'))
    expect(readers).toHaveLength(1)
    expect(readers[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' })
    expect(flatten(readers[0].Condition.StringEquals['AWS:SourceArn'])).toContain(
      `distribution/\${${distribution().id}}`,
    )
    expect(allows.every((s: { Principal: unknown }) => JSON.stringify(s.Principal) !== '"*"')).toBe(true)
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    )
  })

  it('CloudFront reads it through origin access control, HTTPS only, index.html at the root', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    })
    const config = distribution().Properties.DistributionConfig
    expect(config.Origins).toHaveLength(1)
    expect(config.Origins[0].OriginAccessControlId).toBeDefined()
    expect(config.Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: '' })
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only')
    expect(config.DefaultRootObject).toBe('index.html')
    // Deep links come from the function below, not from error pages (which would turn a missing asset into a 200).
    expect(config.CustomErrorResponses).toBeUndefined()
  })

  it('deep links (/cognito-callback, /proof, /inspect) get index.html; files and misses stay as they are', () => {
    const functions = Object.values(template.findResources('AWS::CloudFront::Function'))
    expect(functions).toHaveLength(1)
    const cf = functions[0] as { Properties: { FunctionCode: string; FunctionConfig: { Runtime: string } } }
    expect(cf.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0')
    const association = distribution().Properties.DistributionConfig.DefaultCacheBehavior.FunctionAssociations
    expect(association).toEqual([{ EventType: 'viewer-request', FunctionARN: expect.any(Object) }])
    const handler = runInNewContext(`${cf.Properties.FunctionCode}; handler`) as (e: unknown) => { uri: string }
    const rewrite = (uri: string) => handler({ request: { uri, querystring: {} } }).uri
    for (const route of ['/', '/cognito-callback', '/proof', '/inspect', '/no/such/page'])
      expect(rewrite(route)).toBe('/index.html')
    for (const file of ['/assets/index-abc123.js', '/config.json', '/favicon.svg', '/assets/missing.js'])
      expect(rewrite(file)).toBe(file)
  })

  it('sends the security headers as real response headers: CSP with frame-ancestors, HSTS, no referrer, nosniff', () => {
    const config = resource('AWS::CloudFront::ResponseHeadersPolicy', 'SpaSecurityHeaders').Properties
      .ResponseHeadersPolicyConfig.SecurityHeadersConfig
    const domain = resource('AWS::Cognito::UserPoolDomain', 'UserPoolDomain').id
    // What CloudFormation makes of it in eu-west-1 (a domain's Ref is its prefix):
    const csp = flatten(config.ContentSecurityPolicy.ContentSecurityPolicy)
    const deployed = csp
      .replaceAll(`\${${domain}}`, CONTEXT.domainPrefix)
      .replaceAll(`\${AWS::Region}`, 'eu-west-1')
      .replaceAll(`\${AWS::URLSuffix}`, 'amazonaws.com')
    expect(deployed).toBe(
      contentSecurityPolicy(
        {
          cognitoDomain: 'https://my-demo-1234.auth.eu-west-1.amazoncognito.com',
          issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz',
          hasuraGraphqlUrl: CONTEXT.hasuraGraphqlUrl,
        },
        { header: true },
      ),
    )
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain(`connect-src 'self' https://\${${domain}}.auth.`)
    expect(config.ContentSecurityPolicy.Override).toBe(true)
    expect(config.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63_072_000, Override: true })
    expect(config.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true })
    expect(config.ContentTypeOptions).toEqual({ Override: true })
    expect(distribution().Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      Ref: resource('AWS::CloudFront::ResponseHeadersPolicy', 'SpaSecurityHeaders').id,
    })
  })

  it("deploys the build (without the Lambda zips) and a /config.json of the stack's own values", () => {
    const deployment = resource('Custom::CDKBucketDeployment', 'SpaDeployment').Properties
    expect(deployment.DestinationBucketName).toEqual({ Ref: resource('AWS::S3::Bucket', 'SpaBucket').id })
    expect(deployment.DistributionPaths).toEqual(['/*'])
    const [spaKey, configKey] = deployment.SourceObjectKeys as string[]
    const spaAsset = path.join(outdir, `asset.${spaKey?.replace(/\.zip$/, '')}`)
    expect(readdirSync(spaAsset).sort()).toEqual(['assets', 'index.html'])
    const configAsset = path.join(outdir, `asset.${configKey?.replace(/\.zip$/, '')}`)
    const markers = deployment.SourceMarkers[1] as Record<string, unknown>
    // Deploy-time values travel as markers the deployment replaces: resolve them to `${Ref}` text.
    let config = readFileSync(path.join(configAsset, 'config.json'), 'utf8')
    for (const [marker, value] of Object.entries(markers)) config = config.replaceAll(marker, flatten(value))
    const client = resource('AWS::Cognito::UserPoolClient', 'UserPoolSpaClient').id
    const domain = resource('AWS::Cognito::UserPoolDomain', 'UserPoolDomain').id
    expect(JSON.parse(config)).toEqual({
      VITE_COGNITO_DOMAIN: `https://\${${domain}}.auth.\${AWS::Region}.amazoncognito.com`,
      VITE_COGNITO_CLIENT_ID: `\${${client}}`,
      VITE_COGNITO_ISSUER: `https://cognito-idp.\${AWS::Region}.\${AWS::URLSuffix}/\${${pool().id}}`,
      VITE_HASURA_GRAPHQL_URL: CONTEXT.hasuraGraphqlUrl,
      VITE_REDIRECT_URI: `${SPA()}/cognito-callback`,
      VITE_LOGOUT_URI: `${SPA()}/`,
      VITE_OAUTH_RESPONSE_TYPE: 'code',
      VITE_OAUTH_SCOPES: 'openid email profile',
      VITE_HASURA_TOKEN: 'id',
    })
  })
})

describe('outputs', () => {
  const output = (key: string) => flatten(template.toJSON().Outputs[key].Value)

  it('has exactly the contract keys (and the admin secret ARN)', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual([...OUTPUT_KEYS].sort())
    expect(OUTPUT_KEYS).toEqual(
      expect.arrayContaining([
        'CognitoDomain',
        'CognitoClientId',
        'CognitoIssuer',
        'HasuraGraphqlUrl',
        'HasuraJwtSecret',
        'SpaUrl',
      ]),
    )
  })

  it("values: the domain, client, issuer, Hasura URL, SPA URL, and Hasura's JWT secret for ID tokens", () => {
    const client = resource('AWS::Cognito::UserPoolClient', 'UserPoolSpaClient').id
    const issuer = `https://cognito-idp.\${AWS::Region}.\${AWS::URLSuffix}/\${${pool().id}}`
    expect(output('CognitoClientId')).toBe(`\${${client}}`)
    expect(output('CognitoIssuer')).toBe(issuer)
    expect(output('CognitoDomain')).toMatch(
      /^https:\/\/\$\{UserPoolDomain\w+\}\.auth\.\$\{AWS::Region\}\.amazoncognito\.com$/,
    )
    expect(output('HasuraGraphqlUrl')).toBe(CONTEXT.hasuraGraphqlUrl)
    expect(output('SpaUrl')).toBe(SPA())
    expect(JSON.parse(output('HasuraJwtSecret'))).toEqual(
      jwtSecretFor(issuer, { tokenUse: 'id', audience: `\${${client}}` }),
    )
  })
})

describe('synthesis', () => {
  it('needs no context lookup and no account or region: offline, with no credentials', () => {
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'))
    expect(manifest.missing).toBeUndefined()
    expect(manifest.artifacts[STACK_NAME].environment).toBe('aws://unknown-account/unknown-region')
  })

  it("passes cdk-nag's AWS Solutions checks; every acknowledgement gives its reason in code", () => {
    const acknowledgements: [string, string][] = []
    const visit = (c: IConstruct) => {
      for (const entry of c.node.metadata)
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          acknowledgements.push(...Object.entries(entry.data as Record<string, string>))
      c.node.children.forEach(visit)
    }
    visit(stack)
    expect(acknowledgements.length).toBeGreaterThan(5)
    for (const [id, reason] of acknowledgements) {
      expect(id).toMatch(/AwsSolutions-[A-Z]+\d+/)
      expect(reason.length, id).toBeGreaterThan(40)
    }
  })

  it("the app's checks do fail an unacknowledged finding (the pack is armed)", async () => {
    const dirs = await artefacts()
    const probe = createDemoApp({ context: CONTEXT, ...dirs })
    new s3.Bucket(probe.stack, 'Unacknowledged', { enforceSSL: true })
    const log = console.error
    console.error = () => {} // CDK prints the validation report
    try {
      expect(() => probe.app.synth()).toThrow(/Unacknowledged[\s\S]*AwsSolutions-S1'/)
    } finally {
      console.error = log
    }
  }, 120_000)
})
