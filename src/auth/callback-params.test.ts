import { describe, expect, it } from 'vitest'
import { captureCallback, parseCallback } from './callback-params.ts'

const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'
const at = (fragmentOrQuery: string) =>
  parseCallback(new URL(`http://localhost:3333/cognito-callback${fragmentOrQuery}`))

describe('parseCallback', () => {
  it('reads an implicit response from the fragment', () => {
    expect(at(`#access_token=${jwt}&id_token=${jwt}&token_type=Bearer&expires_in=3600&state=s1`)).toEqual({
      kind: 'implicit',
      accessToken: jwt,
      idToken: jwt,
      tokenType: 'Bearer',
      expiresIn: 3600,
      state: 's1',
    })
  })

  it('reads a code from the query', () => {
    expect(at('?code=a1b2c3d4-5678-90ab-cdef-000000000000&state=s2')).toEqual({
      kind: 'code',
      code: 'a1b2c3d4-5678-90ab-cdef-000000000000',
      state: 's2',
    })
  })

  it('reads errors from the query or the fragment, description first as Cognito sends it', () => {
    expect(at('?error_description=invalid_scope&state=s&error=invalid_request')).toEqual({
      kind: 'error',
      error: 'invalid_request',
      description: 'invalid_scope',
      state: 's',
    })
    expect(at('#error=access_denied')).toMatchObject({ kind: 'error', error: 'access_denied' })
    expect(at('?error_description=PreSignUp+failed+with+error+nope.+&error=invalid_request')).toMatchObject({
      description: 'PreSignUp failed with error nope. ',
    })
  })

  it.each([
    [`#id_token=${jwt}&token_type=Bearer`, 'the fragment has an id_token but no access_token'],
    ['#access_token=not-a-jwt&token_type=Bearer', 'access_token is not a compact JWT'],
    [`#access_token=${jwt}&id_token=${jwt}.x.y&token_type=Bearer`, 'id_token is not a compact JWT'],
    [`#access_token=${jwt}&token_type=mac`, 'token_type is "mac", not Bearer'],
    [`#access_token=${jwt}&token_type=Bearer&expires_in=-5`, 'expires_in is "-5", not a positive number of seconds'],
    [`#access_token=${jwt}&token_type=Bearer&state=a&state=b`, 'a parameter appears more than once'],
    ['?code=<script>', 'code has characters an authorization code cannot have'],
  ])('says what is wrong with %s', (input, reason) => {
    expect(at(input)).toEqual({ kind: 'malformed', reason })
  })

  it('finds nothing in an empty or unrelated URL', () => {
    expect(at('')).toEqual({ kind: 'empty' })
    expect(at('?foo=bar#baz')).toEqual({ kind: 'empty' })
  })
})

describe('captureCallback', () => {
  it('scrubs the URL before anything renders and returns the response', () => {
    const replaced: string[] = []
    const location = new URL(
      `http://localhost:3333/cognito-callback#access_token=${jwt}&token_type=Bearer&state=s`,
    ) as unknown as Location
    const history = { replaceState: (_: unknown, __: string, url: string) => replaced.push(url) } as unknown as History
    expect(captureCallback(location, history, '/cognito-callback')).toMatchObject({ kind: 'implicit', state: 's' })
    expect(replaced).toEqual(['/cognito-callback'])
  })

  it('leaves other pages alone', () => {
    const replaced: string[] = []
    const history = { replaceState: (_: unknown, __: string, url: string) => replaced.push(url) } as unknown as History
    expect(
      captureCallback(
        new URL('http://localhost:3333/inspect#x=1') as unknown as Location,
        history,
        '/cognito-callback',
      ),
    ).toBeUndefined()
    expect(replaced).toEqual([])
  })
})
