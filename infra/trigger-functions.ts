/**
 * The Lambda triggers: one function per handler in cognito/triggers/, from the zip `npm run build:triggers` wrote —
 * byte for byte what the local stand-in runs and the tests test — each attached to the pool (which also grants
 * `cognito-idp.amazonaws.com` the right to invoke it, for this pool's ARN only).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib'
import * as cognito from 'aws-cdk-lib/aws-cognito'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as logs from 'aws-cdk-lib/aws-logs'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'

interface TriggerSpec {
  operation: cognito.UserPoolOperation
  lambdaVersion?: cognito.LambdaVersion
  /** Upserts users into Hasura: gets HASURA_GRAPHQL_URL and may read the admin secret. */
  syncsUsers: boolean
  description: string
}

/** Every handler file needs an entry here; synthesis fails for one without (a trigger left unattached). */
const TRIGGERS: Record<string, TriggerSpec> = {
  'pre-token-generation': {
    // V2_0: Hasura's claims in the access token too (needs the Essentials feature plan).
    operation: cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
    lambdaVersion: cognito.LambdaVersion.V2_0,
    syncsUsers: false,
    description: "Adds Hasura's claims to the ID and access tokens",
  },
  'post-confirmation': {
    operation: cognito.UserPoolOperation.POST_CONFIRMATION,
    syncsUsers: true,
    description: 'Upserts the user into Hasura once the sign-up is confirmed',
  },
  'post-authentication': {
    operation: cognito.UserPoolOperation.POST_AUTHENTICATION,
    syncsUsers: true,
    description: 'Upserts the user into Hasura at sign-in (users created by an administrator)',
  },
}

export interface TriggerFunctionsProps {
  userPool: cognito.UserPool
  /** The handler names (cognito/triggers/*.ts) and the folder of their zips. */
  names: string[]
  zipDir: string
  hasuraGraphqlUrl: string
  adminSecret: secretsmanager.ISecret
}

export class TriggerFunctions extends Construct {
  readonly functions: Record<string, lambda.Function> = {}

  constructor(scope: Construct, id: string, props: TriggerFunctionsProps) {
    super(scope, id)
    for (const name of props.names) {
      const spec = TRIGGERS[name]
      if (!spec)
        throw new Error(`cognito/triggers/${name}.ts has no entry in infra/trigger-functions.ts TRIGGERS: attach it`)
      const zip = path.join(props.zipDir, `${name}.zip`)
      if (!existsSync(zip)) throw new Error(`${zip} is missing: run npm run build:triggers first`)

      const logGroup = new logs.LogGroup(this, `${name}-logs`, {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      })
      // A role of its own with nothing but its log group (and, for the sync triggers, the one secret).
      const role = new iam.Role(this, `${name}-role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `cognito-hasura-demo ${name} trigger`,
      })
      logGroup.grantWrite(role)
      const fn = new lambda.Function(this, name, {
        description: spec.description,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        handler: 'index.handler',
        code: lambda.Code.fromAsset(zip),
        // Cognito waits 5 s for a trigger; the sync's own timeout for Hasura is 3 s.
        timeout: Duration.seconds(5),
        memorySize: 256,
        role,
        logGroup,
        environment: spec.syncsUsers
          ? { HASURA_GRAPHQL_URL: props.hasuraGraphqlUrl, HASURA_ADMIN_SECRET_ARN: props.adminSecret.secretArn }
          : undefined,
      })
      if (spec.syncsUsers) props.adminSecret.grantRead(fn)
      props.userPool.addTrigger(spec.operation, fn, spec.lambdaVersion)
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is the runtime the bundles are built and tested for (supported until Node 22 ends, April 2027); move it with build:triggers.',
      })
      this.functions[name] = fn
    }
  }
}
