import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadEnv } from 'vite'
import { describe, expect, it } from 'vitest'
import { accessTokenJwtSecret, envDeployment, hasuraInstructions, readOutputs } from './deployment-outputs.ts'

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz'
const OUTPUTS = {
  CognitoDomain: 'https://my-demo-1234.auth.eu-west-1.amazoncognito.com',
  CognitoClientId: '1h57kf5cpq17m0eml12example',
  CognitoIssuer: ISSUER,
  HasuraGraphqlUrl: 'https://my-project.hasura.app/v1/graphql',
  HasuraJwtSecret: JSON.stringify({
    type: 'RS256',
    jwk_url: `${ISSUER}/.well-known/jwks.json`,
    claims_format: 'stringified_json',
    issuer: ISSUER,
    audience: '1h57kf5cpq17m0eml12example',
  }),
  HasuraAdminSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:HasuraAdminSecret-AbCdEf',
  SpaUrl: 'https://d111111abcdef8.cloudfront.net',
}

describe('deployment outputs', () => {
  it('reads one stack from cdk deploy --outputs-file, and names what is missing', () => {
    expect(readOutputs({ CognitoHasuraDemo: { ...OUTPUTS, Extra: 'x' } }, 'CognitoHasuraDemo')).toEqual(OUTPUTS)
    const { SpaUrl: _, ...partial } = OUTPUTS
    expect(() => readOutputs({ CognitoHasuraDemo: partial }, 'CognitoHasuraDemo')).toThrow(
      'the outputs of CognitoHasuraDemo lack SpaUrl: was the deployment complete?',
    )
    expect(() => readOutputs({}, 'CognitoHasuraDemo')).toThrow('lack CognitoDomain, CognitoClientId')
  })

  it('.env.deployment: what Vite (--mode deployment) and the verifier read, JSON kept intact', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'env-'))
    writeFileSync(path.join(dir, '.env.deployment'), envDeployment(OUTPUTS, new Date('2026-12-01T00:00:00Z')))
    const env = loadEnv('deployment', dir, '')
    expect(env).toMatchObject({
      ...OUTPUTS,
      VITE_COGNITO_DOMAIN: OUTPUTS.CognitoDomain,
      VITE_COGNITO_CLIENT_ID: OUTPUTS.CognitoClientId,
      VITE_COGNITO_ISSUER: ISSUER,
      VITE_HASURA_GRAPHQL_URL: OUTPUTS.HasuraGraphqlUrl,
      VITE_REDIRECT_URI: `${OUTPUTS.SpaUrl}/cognito-callback`,
      VITE_LOGOUT_URI: `${OUTPUTS.SpaUrl}/`,
      VERIFY_SPA_URL: OUTPUTS.SpaUrl,
      HASURA_GRAPHQL_CORS_DOMAIN: OUTPUTS.SpaUrl,
    })
    expect(JSON.parse(env.HASURA_GRAPHQL_JWT_SECRET as string)).toEqual(JSON.parse(OUTPUTS.HasuraJwtSecret))
  })

  it('prints the Hasura settings: both JWT secrets, CORS, where the admin secret is, the deploy and verify commands', () => {
    const text = hasuraInstructions(OUTPUTS)
    expect(text).toContain(`HASURA_GRAPHQL_JWT_SECRET=${OUTPUTS.HasuraJwtSecret}`)
    expect(JSON.parse(accessTokenJwtSecret(OUTPUTS))).toEqual({
      type: 'RS256',
      jwk_url: `${ISSUER}/.well-known/jwks.json`,
      claims_format: 'stringified_json',
      issuer: ISSUER,
    })
    expect(text).toContain(accessTokenJwtSecret(OUTPUTS))
    expect(text).toContain(`HASURA_GRAPHQL_CORS_DOMAIN=${OUTPUTS.SpaUrl}`)
    expect(text).toContain(`aws secretsmanager get-secret-value --secret-id ${OUTPUTS.HasuraAdminSecretArn}`)
    expect(text).toContain('hasura deploy --project hasura --endpoint https://my-project.hasura.app --admin-secret')
    expect(text).toContain(`VERIFY_SPA_URL=${OUTPUTS.SpaUrl} VERIFY_USERNAME=`)
  })
})
