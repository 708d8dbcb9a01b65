import { describe, expect, it } from 'vitest'
import { defaultConfig, loadConfig } from './config.ts'

describe('loadConfig (COGNITO_*)', () => {
  it('defaults to the local demo pool', () => {
    expect(loadConfig({})).toMatchObject({
      port: 9229,
      userPoolId: 'us-east-1_LocalPool',
      clientId: 'localdemoclient00000000000',
      callbackUrls: ['http://localhost:3333/cognito-callback'],
      logoutUrls: ['http://localhost:3333/'],
      triggers: ['pre-token-generation', 'post-confirmation', 'post-authentication'],
      preTokenGenerationVersion: 'V1_0',
      publicUrl: 'http://localhost:9229',
    })
  })

  it('reads lists, the region from the pool id, and an empty trigger list', () => {
    const config = loadConfig({
      COGNITO_PORT: '4229',
      COGNITO_USER_POOL_ID: 'eu-west-1_Abc123',
      COGNITO_CALLBACK_URLS: 'http://localhost:4333/cognito-callback, myapp://cb',
      COGNITO_TRIGGERS: '',
    })
    expect(config).toMatchObject({ port: 4229, region: 'eu-west-1', publicUrl: 'http://localhost:4229', triggers: [] })
    expect(config.callbackUrls).toEqual(['http://localhost:4333/cognito-callback', 'myapp://cb'])
  })

  it('reads the Pre Token Generation event version, V1_0 or V2_0, and names what else it got', () => {
    expect(loadConfig({ COGNITO_PRE_TOKEN_GENERATION_VERSION: 'V2_0' }).preTokenGenerationVersion).toBe('V2_0')
    expect(loadConfig({ COGNITO_PRE_TOKEN_GENERATION_VERSION: 'V1_0' }).preTokenGenerationVersion).toBe('V1_0')
    expect(() => loadConfig({ COGNITO_PRE_TOKEN_GENERATION_VERSION: 'v2' })).toThrow(
      'COGNITO_PRE_TOKEN_GENERATION_VERSION must be V1_0 (the ID token only) or V2_0 (the access token too), got v2',
    )
    expect(() => loadConfig({ COGNITO_PRE_TOKEN_GENERATION_VERSION: 'V3_0' })).toThrow(
      'got V3_0: V3_0 adds client-credentials tokens, which this stand-in does not issue',
    )
  })

  it("reads token lifetimes within Cognito's limits", () => {
    expect(loadConfig({ COGNITO_ID_TOKEN_VALIDITY: '300', COGNITO_AUTH_CODE_VALIDITY: '60' }).validity).toMatchObject({
      idToken: 300,
      accessToken: 3600,
      authCode: 60,
    })
    expect(() => loadConfig({ COGNITO_ACCESS_TOKEN_VALIDITY: '60' })).toThrow(
      'COGNITO_ACCESS_TOKEN_VALIDITY must be whole seconds from 300 to 86400, got 60',
    )
    expect(() => loadConfig({ COGNITO_PASSWORD_COST: '1000' })).toThrow('COGNITO_PASSWORD_COST must be a power of two')
  })

  it('names every bad value', () => {
    expect(() =>
      loadConfig({
        COGNITO_PORT: 'x',
        COGNITO_USER_POOL_ID: 'local_abc',
        COGNITO_CALLBACK_URLS: 'http://localhost/cb#frag',
        COGNITO_TRIGGERS: 'pre-sign-up',
      }),
    ).toThrow(
      [
        'COGNITO_PORT must be a port number, got x',
        'COGNITO_USER_POOL_ID must look like us-east-1_AbC123, got local_abc',
        'COGNITO_CALLBACK_URLS must be absolute URLs without a fragment, got http://localhost/cb#frag',
        'COGNITO_TRIGGERS: unknown trigger(s) pre-sign-up; known: pre-token-generation, post-confirmation, post-authentication',
      ].join('\n'),
    )
    expect(defaultConfig.validity).toEqual({
      idToken: 3600,
      accessToken: 3600,
      refreshToken: 2592000,
      authCode: 300,
      session: 3600,
    })
  })
})
