/**
 * Code nobody here wrote drives the stand-in: oauth4webapi (a strict, certified-grade OAuth 2 / OIDC client) runs a
 * public-client code + PKCE flow from discovery to tokens, and aws-jwt-verify's JwtRsaVerifier checks the tokens
 * against the published JWKS, as a Cognito-backed API would.
 */
import { JwtRsaVerifier } from 'aws-jwt-verify'
import * as oauth from 'oauth4webapi'
import { describe, expect, it } from 'vitest'
import { issuerOf } from './config.ts'
import { addUser, CALLBACK, CLIENT_ID, TestBrowser, testCognito } from './testing.ts'

describe('conformance: oauth4webapi + aws-jwt-verify', () => {
  it('MUST complete discovery → authorize (PKCE S256) → token, and the tokens MUST verify', async () => {
    const cognito = await testCognito()
    const { sub } = await addUser(cognito)
    const issuer = new URL(issuerOf(cognito.config))
    const options = {
      [oauth.customFetch]: async (url: string, init: RequestInit) => cognito.app.request(url, init),
      [oauth.allowInsecureRequests]: true,
    }
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oidc' }),
    )
    const client: oauth.Client = { client_id: CLIENT_ID }

    const codeVerifier = oauth.generateRandomCodeVerifier()
    const nonce = oauth.generateRandomNonce()
    const state = oauth.generateRandomState()
    const authorizationUrl = new URL(as.authorization_endpoint as string)
    authorizationUrl.search = new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }).toString()

    const browser = new TestBrowser(cognito)
    const toLogin = await browser.get(authorizationUrl.toString())
    const signedIn = await browser.submit(toLogin.headers.get('location') ?? '', {
      username: 'alice',
      password: 'Passw0rd!',
    })
    // one eternity later, the user lands back on the redirect_uri
    const callback = new URL(signedIn.headers.get('location') ?? '')
    const params = oauth.validateAuthResponse(as, client, callback, state)
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      CALLBACK,
      codeVerifier,
      options,
    )
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: nonce,
      requireIdToken: true,
    })
    expect(result.token_type).toBe('bearer')
    expect(oauth.getValidatedIdTokenClaims(result)?.sub).toBe(sub)

    const jwks = await (await cognito.app.request(as.jwks_uri as string)).json()
    const idVerifier = JwtRsaVerifier.create({
      issuer: issuer.toString(),
      audience: CLIENT_ID,
      jwksUri: as.jwks_uri as string,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an ID token')
      },
    })
    idVerifier.cacheJwks(jwks)
    expect(await idVerifier.verify(result.id_token as string)).toMatchObject({
      sub,
      token_use: 'id',
      'cognito:username': 'alice',
    })

    // Access tokens carry client_id, not aud (specs/cognito.md §8.5).
    const accessVerifier = JwtRsaVerifier.create({
      issuer: issuer.toString(),
      audience: null,
      jwksUri: as.jwks_uri as string,
      customJwtCheck: ({ payload }) => {
        if (payload.client_id !== CLIENT_ID || payload.token_use !== 'access') throw new Error('not our access token')
      },
    })
    accessVerifier.cacheJwks(jwks)
    expect(await accessVerifier.verify(result.access_token)).toMatchObject({
      sub,
      scope: 'openid email profile',
      username: 'alice',
    })

    const userInfo = await oauth.userInfoRequest(as, client, result.access_token, options)
    expect(await oauth.processUserInfoResponse(as, client, sub, userInfo)).toMatchObject({
      sub,
      email: 'alice@example.com',
    })
  })
})
