import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCAL_POOL } from '../lib/local-pool.ts'
import { root } from './processes.ts'
import { type StackOptions, stackEnvironment } from './stack.ts'
import { StartOptionError, startOptions } from './start-options.ts'

const base: StackOptions = {
  dataDir: '/tmp/stack',
  cognitoPort: 5529,
  hasuraPort: 5580,
  spaPort: 5533,
  spa: 'dev',
  adminSecret: 'secret',
}

describe('what the stack tells each child', () => {
  it('by default: the ID token, with an audience, V1 and the stand-in’s default triggers, the hasura/ project', () => {
    const env = stackEnvironment(base)
    expect(JSON.parse(env.hasura.HASURA_GRAPHQL_JWT_SECRET ?? '')).toEqual({
      type: 'RS256',
      jwk_url: 'http://localhost:5529/us-east-1_LocalPool/.well-known/jwks.json',
      claims_format: 'stringified_json',
      issuer: 'http://localhost:5529/us-east-1_LocalPool',
      audience: LOCAL_POOL.clientId,
    })
    expect(env.cognito).not.toHaveProperty('COGNITO_PRE_TOKEN_GENERATION_VERSION')
    expect(env.cognito).not.toHaveProperty('COGNITO_TRIGGERS')
    expect(env.cognito).toMatchObject({
      COGNITO_CALLBACK_URLS: 'http://localhost:5533/cognito-callback',
      HASURA_GRAPHQL_URL: 'http://localhost:5580/v1/graphql',
      HASURA_ADMIN_SECRET: 'secret',
    })
    expect(env.hasura.HASURA_PROJECT_DIR).toBe(path.join(root, 'hasura'))
    expect(env.spa('token')).toMatchObject({
      VITE_HASURA_TOKEN: 'id',
      VITE_OAUTH_RESPONSE_TYPE: 'token',
      HASURA_PROJECT_DIR: path.join(root, 'hasura'),
    })
  })

  it('with the access token: Pre Token Generation V2_0, and a JWT secret with the issuer but no audience', () => {
    const env = stackEnvironment({ ...base, hasuraToken: 'access' })
    expect(env.cognito.COGNITO_PRE_TOKEN_GENERATION_VERSION).toBe('V2_0')
    const secret = JSON.parse(env.hasura.HASURA_GRAPHQL_JWT_SECRET ?? '')
    expect(secret.issuer).toBe('http://localhost:5529/us-east-1_LocalPool')
    expect(secret).not.toHaveProperty('audience')
    expect(env.spa('code')).toMatchObject({ VITE_HASURA_TOKEN: 'access', VITE_OAUTH_RESPONSE_TYPE: 'code' })
    // V1 with the access token stays possible: the SPA then explains why Hasura refuses.
    const v1 = stackEnvironment({ ...base, hasuraToken: 'access', preTokenGenerationVersion: 'V1_0' })
    expect(v1.cognito.COGNITO_PRE_TOKEN_GENERATION_VERSION).toBe('V1_0')
  })

  it('passes another Hasura project to Hasura and the SPA, chosen triggers to Cognito, both SPAs to both', () => {
    const env = stackEnvironment({
      ...base,
      hasuraProjectDir: 'examples/notes',
      cognitoTriggers: ['pre-token-generation'],
      altSpaPort: 5534,
    })
    const project = path.join(root, 'examples/notes')
    expect(env.hasura.HASURA_PROJECT_DIR).toBe(project)
    expect(env.spa('token').HASURA_PROJECT_DIR).toBe(project)
    expect(env.cognito.COGNITO_TRIGGERS).toBe('pre-token-generation')
    expect(env.cognito.COGNITO_LOGOUT_URLS).toBe('http://localhost:5533/,http://localhost:5534/')
    expect(env.hasura.HASURA_GRAPHQL_CORS_DOMAIN).toBe('http://localhost:5533,http://localhost:5534')
  })
})

describe("npm start's settings", () => {
  it('defaults to the demo ports, the dev server, the local admin secret and .data/', () => {
    expect(startOptions({})).toEqual({
      dataDir: path.resolve('.data'),
      cognitoPort: 9229,
      hasuraPort: 8080,
      spaPort: 3333,
      spa: 'dev',
      adminSecret: 'local-admin-secret',
    })
  })

  it('reads each setting it passes on', () => {
    expect(
      startOptions({
        SPA_MODE: 'preview',
        VITE_OAUTH_RESPONSE_TYPE: 'code',
        VITE_HASURA_TOKEN: 'access',
        COGNITO_PRE_TOKEN_GENERATION_VERSION: 'V1_0',
        HASURA_PROJECT_DIR: 'examples/notes',
        COGNITO_TRIGGERS: 'pre-token-generation, post-authentication',
        COGNITO_PORT: '19229',
      }),
    ).toMatchObject({
      spa: 'preview',
      responseType: 'code',
      hasuraToken: 'access',
      preTokenGenerationVersion: 'V1_0',
      hasuraProjectDir: path.resolve('examples/notes'),
      cognitoTriggers: ['pre-token-generation', 'post-authentication'],
      cognitoPort: 19229,
    })
    expect(startOptions({ COGNITO_TRIGGERS: '' }).cognitoTriggers).toEqual([]) // none attached
  })

  it('refuses a value it cannot honour, naming the setting', () => {
    expect(() => startOptions({ VITE_HASURA_TOKEN: 'refresh' })).toThrow(
      new StartOptionError('VITE_HASURA_TOKEN must be id or access, got "refresh"'),
    )
    expect(() => startOptions({ COGNITO_TRIGGERS: 'pre-token-generation,pre-sign-up' })).toThrow(
      /^each name in COGNITO_TRIGGERS must be (one of )?pre-token-generation.* post-authentication, got "pre-sign-up"$/,
    )
    expect(() => startOptions({ SPA_PORT: '80a' })).toThrow('SPA_PORT must be a port number, got "80a"')
  })
})
