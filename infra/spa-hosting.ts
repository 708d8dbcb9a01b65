/**
 * The SPA's hosting: a private S3 bucket (every kind of public access blocked) that only this CloudFront distribution
 * may read (origin access control), HTTPS only, the security headers as real response headers, the SPA's routes
 * served index.html by a CloudFront Function (spa-routes.js), and the built dist/ deployed with a /config.json that
 * carries the stack's own values (the SPA reads it at start; its values override the build's).
 */
import path from 'node:path'
import { type CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront'
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins'
import * as s3 from 'aws-cdk-lib/aws-s3'
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment'
import { Construct, type IConstruct } from 'constructs'

export interface SpaHostingProps {
  /** The built SPA (`npm run build`); its `triggers/` folder (the Lambda zips) is not uploaded. */
  spaDir: string
  /** The Content-Security-Policy response header. */
  contentSecurityPolicy: string
}

export class SpaHosting extends Construct {
  readonly bucket: s3.Bucket
  readonly distribution: cloudfront.Distribution
  /** `https://<id>.cloudfront.net` — no trailing slash. */
  readonly url: string
  private readonly spaDir: string

  constructor(scope: Construct, id: string, props: SpaHostingProps) {
    super(scope, id)

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Only build output lives here: deleting the stack deletes it, so teardown is one command.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    })

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'cognito-hasura-demo SPA: CSP, HSTS, no referrer, nosniff, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentTypeOptions: { override: true },
        // frame-ancestors 'none' in the CSP is the modern form; X-Frame-Options covers browsers that predate it.
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      },
    })

    const routes = new cloudfront.Function(this, 'SpaRoutes', {
      comment: 'Serves index.html for the SPA routes (paths without a file extension)',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromFile({ filePath: path.join(import.meta.dirname, 'spa-routes.js') }),
    })

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'cognito-hasura-demo SPA',
      defaultRootObject: 'index.html',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: routes, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
    })
    this.url = `https://${this.distribution.distributionDomainName}`
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A public demo sign-in page: no country is excluded.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Static files only (no API behind CloudFront); a web ACL costs about $6 a month before requests. Add one for production traffic.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Standard access logs need an ACL-enabled log bucket; the demo keeps none (CloudFront metrics are on). Enable for production.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot set a minimum TLS version; with a custom domain set minimumProtocolVersion TLSv1.2_2021.',
      },
    )
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds the public build output only, readable solely through CloudFront (origin access control).',
    })
    this.spaDir = props.spaDir
  }

  /**
   * Deploys the built SPA plus `/config.json` with these values; deploy-time values (the client id, the pool's issuer)
   * are filled in by the deployment. One deployment for both, since a deployment prunes every file it did not upload.
   */
  deploy(config: Record<string, string>): s3deploy.BucketDeployment {
    const deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(this.spaDir, { exclude: ['triggers', 'triggers/**', 'config.json'] }),
        s3deploy.Source.jsonData('config.json', config),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // index.html and config.json must never be stale; hashed assets revalidate cheaply (ETag, 304).
      cacheControl: [s3deploy.CacheControl.noCache()],
      memoryLimit: 256,
    })
    // The deployment's handler is CDK's own (a Python function shared by the stack's deployments).
    const handler = deployment.handlerRole.node.scope as IConstruct
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: "CDK's BucketDeployment handler: its runtime is chosen and kept current by aws-cdk-lib.",
    })
    Validations.of(deployment.handlerRole).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's BucketDeployment handler: the basic execution role lets it write its own logs, nothing more.",
      },
      ...[
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        `Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnResource)}.Arn>/*`,
      ].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "CDK's BucketDeployment handler copies every object of the build from CDK's asset bucket into the SPA bucket and prunes old ones: object-level wildcards on those two buckets only.",
      })),
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "CDK's BucketDeployment handler invalidates the distribution's cache after a deployment (cloudfront:CreateInvalidation, GetInvalidation).",
      },
    )
    return deployment
  }
}
