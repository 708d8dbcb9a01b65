/**
 * `CognitoHasuraDemo`: the recipe's AWS side as one stack — the user pool as the local stand-in has it, its prefix
 * domain with the classic hosted UI, the public app client, every trigger in cognito/triggers/, Hasura's admin
 * secret in Secrets Manager, and (unless context `spaUrl` names other hosting) the SPA on S3 + CloudFront.
 * Environment-agnostic and free of context lookups, so it synthesizes offline with no credentials.
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib'
import * as cognito from 'aws-cdk-lib/aws-cognito'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { contentSecurityPolicy } from '../lib/content-security-policy.ts'
import { issuerOf, jwtSecretFor } from '../lib/local-pool.ts'
import type { DemoSettings } from './context.ts'
import type { OutputKey } from './deployment-outputs.ts'
import { SpaHosting } from './spa-hosting.ts'
import { TriggerFunctions } from './trigger-functions.ts'

export const STACK_NAME = 'CognitoHasuraDemo'

export interface CognitoHasuraDemoStackProps extends StackProps {
  settings: DemoSettings
  /** The Lambda handlers' names and the folder of their zips (`npm run build:triggers`). */
  triggers: { names: string[]; zipDir: string }
  /** The built SPA (`npm run build`); unused with `settings.spaUrl`. */
  spaDir: string
}

export class CognitoHasuraDemoStack extends Stack {
  constructor(scope: Construct, id: string, props: CognitoHasuraDemoStackProps) {
    super(scope, id, {
      description: 'cognito-hasura-demo: Cognito user pool, hosted UI, Hasura sync triggers and the SPA',
      ...props,
    })
    const { settings } = props

    const userPool = new cognito.UserPool(this, 'UserPool', {
      // The local stand-in's pool: username sign-in (case-insensitive), e-mail required and verified by a code.
      signInAliases: { username: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      userVerification: { emailStyle: cognito.VerificationEmailStyle.CODE },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Cognito's default policy, spelled out so the template says what it is.
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      // Pre Token Generation V2_0 (claims in the access token) needs Essentials or Plus; Lite would refuse it.
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      // docs/decisions/007: a demo pool goes with the stack unless -c protectUserPool=true keeps it.
      removalPolicy: settings.protectUserPool ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      deletionProtection: settings.protectUserPool,
    })
    Validations.of(userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'The recipe signs in with a password on the hosted UI, as the local stand-in and the verifier do; turn MFA on for real users.',
      },
      {
        id: 'AwsSolutions-COG3',
        reason: 'Threat protection (advanced security) needs the Plus feature plan; Essentials is what V2 tokens need.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Essentials is the cheapest plan with Pre Token Generation V2_0; Plus adds threat protection at a cost.',
      },
    )

    const domain = userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: settings.domainPrefix },
      // docs/decisions/014: the classic hosted UI's markup is what the end-to-end page object drives.
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    })
    const cognitoDomain = domain.baseUrl()
    // Cognito's issuer format (specs/cognito.md §1.1), from the stack's region and the pool's id.
    const idpOrigin = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}`
    const issuer = issuerOf(idpOrigin, userPool.userPoolId)

    const adminSecret = new secretsmanager.Secret(this, 'HasuraAdminSecret', {
      description:
        "Hasura's admin secret (HASURA_GRAPHQL_ADMIN_SECRET): read by the sync triggers; set the same value on Hasura",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    })
    Validations.of(adminSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Hasura reads its admin secret from its own configuration; a rotation here would lock the triggers out until Hasura is changed too.',
    })

    new TriggerFunctions(this, 'Triggers', {
      userPool,
      names: props.triggers.names,
      zipDir: props.triggers.zipDir,
      hasuraGraphqlUrl: settings.hasuraGraphqlUrl,
      adminSecret,
    })

    const hosting = settings.spaUrl
      ? undefined
      : new SpaHosting(this, 'Spa', {
          spaDir: props.spaDir,
          contentSecurityPolicy: headerPolicy({
            cognitoOrigin: cognitoDomain,
            issuerOrigin: idpOrigin,
            hasuraGraphqlUrl: settings.hasuraGraphqlUrl,
          }),
        })
    const spaUrl = settings.spaUrl ?? (hosting as SpaHosting).url
    const redirectUri = `${spaUrl}/cognito-callback`
    const logoutUri = `${spaUrl}/`

    const client = userPool.addClient('SpaClient', {
      generateSecret: false,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { implicitCodeGrant: true, authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [redirectUri],
        logoutUrls: [logoutUri],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The local stand-in's lifetimes.
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    })

    // The hosted UI is the only way in: no API sign-in flow (SRP, password, custom), only refresh tokens. CDK adds
    // ALLOW_REFRESH_TOKEN_AUTH only beside another flow and leaves Cognito's defaults (SRP, custom) without one.
    const cfnClient = client.node.defaultChild as cognito.CfnUserPoolClient
    cfnClient.explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH']

    hosting?.deploy({
      VITE_COGNITO_DOMAIN: cognitoDomain,
      VITE_COGNITO_CLIENT_ID: client.userPoolClientId,
      VITE_COGNITO_ISSUER: issuer,
      VITE_HASURA_GRAPHQL_URL: settings.hasuraGraphqlUrl,
      VITE_REDIRECT_URI: redirectUri,
      VITE_LOGOUT_URI: logoutUri,
      // Code + PKCE (the client allows the recipe's implicit grant too).
      VITE_OAUTH_RESPONSE_TYPE: 'code',
      VITE_OAUTH_SCOPES: 'openid email profile',
      VITE_HASURA_TOKEN: 'id',
    })

    const output = (id: OutputKey, value: string, description: string) =>
      new CfnOutput(this, id, { key: id, value, description })
    output('CognitoDomain', cognitoDomain, 'Hosted-UI domain (VITE_COGNITO_DOMAIN)')
    output('CognitoClientId', client.userPoolClientId, 'Public app client id (VITE_COGNITO_CLIENT_ID)')
    output('CognitoIssuer', issuer, "The pool's issuer (VITE_COGNITO_ISSUER); JWKS at <issuer>/.well-known/jwks.json")
    output('HasuraGraphqlUrl', settings.hasuraGraphqlUrl, 'Hasura endpoint (VITE_HASURA_GRAPHQL_URL)')
    output(
      'HasuraJwtSecret',
      this.toJsonString(jwtSecretFor(issuer, { tokenUse: 'id', audience: client.userPoolClientId })),
      "Hasura's HASURA_GRAPHQL_JWT_SECRET for ID tokens (for access tokens: the same without audience)",
    )
    output('HasuraAdminSecretArn', adminSecret.secretArn, "Secrets Manager secret holding Hasura's admin secret")
    output('SpaUrl', spaUrl, 'The SPA')
  }
}

/**
 * The response-header CSP from lib/'s one builder, which parses its inputs as URLs; deploy-time values (the domain,
 * the region in the issuer) are tokens that do not parse, so the policy is built around stand-in origins that are
 * then swapped for them.
 */
function headerPolicy(origins: { cognitoOrigin: string; issuerOrigin: string; hasuraGraphqlUrl: string }): string {
  const domain = 'https://cognito-domain.invalid'
  const idp = 'https://cognito-idp.invalid'
  return contentSecurityPolicy(
    { cognitoDomain: domain, issuer: `${idp}/pool`, hasuraGraphqlUrl: origins.hasuraGraphqlUrl },
    { header: true },
  )
    .replace(domain, origins.cognitoOrigin)
    .replace(idp, origins.issuerOrigin)
}
