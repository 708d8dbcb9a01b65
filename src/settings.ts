/**
 * The SPA's configuration: the `VITE_*` names of ../shared/CONTRACT.md, read once and validated at start-up.
 * Defaults point at the local stack; a bad value is reported by name with an example of a good one.
 */
import { LOCAL_POOL, localUrls } from '../lib/local-pool.ts'

export interface Settings {
  /** The hosted-UI domain, e.g. https://my-app.auth.eu-west-1.amazoncognito.com (no path, no trailing slash). */
  cognitoDomain: string
  clientId: string
  /** The user pool's issuer, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123. */
  issuer: string
  hasuraGraphqlUrl: string
  redirectUri: string
  logoutUri: string
  responseType: 'token' | 'code'
  scopes: string[]
  /** Which token Hasura is sent: the ID token (the recipe) or the access token (Pre Token Generation V2). */
  hasuraToken: HasuraTokenUse
}

export type HasuraTokenUse = 'id' | 'access'

export interface SettingProblem {
  /** The setting, or `/config.json` itself when the file as a whole is unusable. */
  name: SettingName | typeof CONFIG_JSON
  value: string | undefined
  problem: string
  example: string
  /** Where the bad value came from: the build (`VITE_*` at build time, the default) or `/config.json`. */
  source?: typeof CONFIG_JSON
}

/** The run-time settings file, served next to index.html (../shared/CONTRACT.md "SPA at run time"). */
export const CONFIG_JSON = '/config.json'

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; problems: SettingProblem[] }

export type SettingName =
  | 'VITE_COGNITO_DOMAIN'
  | 'VITE_COGNITO_CLIENT_ID'
  | 'VITE_COGNITO_ISSUER'
  | 'VITE_HASURA_GRAPHQL_URL'
  | 'VITE_REDIRECT_URI'
  | 'VITE_LOGOUT_URI'
  | 'VITE_OAUTH_RESPONSE_TYPE'
  | 'VITE_OAUTH_SCOPES'
  | 'VITE_HASURA_TOKEN'

export type Env = Partial<Record<SettingName, string>>

const local = localUrls(LOCAL_POOL)

export const LOCAL_DEFAULTS = {
  VITE_COGNITO_DOMAIN: local.cognito,
  VITE_COGNITO_CLIENT_ID: LOCAL_POOL.clientId,
  VITE_COGNITO_ISSUER: local.issuer,
  VITE_HASURA_GRAPHQL_URL: local.hasura,
  VITE_OAUTH_RESPONSE_TYPE: 'token',
  VITE_OAUTH_SCOPES: LOCAL_POOL.scopes.join(' '),
  VITE_HASURA_TOKEN: 'id',
} as const

const EXAMPLES: Record<SettingName, string> = {
  VITE_COGNITO_DOMAIN: 'https://my-app.auth.eu-west-1.amazoncognito.com',
  VITE_COGNITO_CLIENT_ID: '1h57kf5cpq17m0eml12EXAMPLE',
  VITE_COGNITO_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz',
  VITE_HASURA_GRAPHQL_URL: 'https://my-project.hasura.app/v1/graphql',
  VITE_REDIRECT_URI: 'http://localhost:3333/cognito-callback',
  VITE_LOGOUT_URI: 'http://localhost:3333/',
  VITE_OAUTH_RESPONSE_TYPE: 'token (implicit, the default) or code (code + PKCE)',
  VITE_OAUTH_SCOPES: 'openid email profile',
  VITE_HASURA_TOKEN: 'id (the ID token, the default) or access (the access token; needs Pre Token Generation V2_0)',
}

const isLocal = (url: URL) => url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

export const SETTING_NAMES = Object.keys(EXAMPLES) as SettingName[]

/** A bad value of `name`, with an example of a good one; `fromConfigJson`: the value came from /config.json. */
export const settingProblem = (
  name: SettingName,
  value: string | undefined,
  problem: string,
  fromConfigJson: boolean,
): SettingProblem => ({
  name,
  value,
  problem,
  example: EXAMPLES[name],
  ...(fromConfigJson ? { source: CONFIG_JSON } : {}),
})

/**
 * Validates the settings; `origin` provides the defaults for the redirect and sign-out URIs. A problem with a value
 * named in `fromConfigJson` says it came from /config.json.
 */
export function readSettings(
  env: Env,
  origin: string,
  fromConfigJson: ReadonlySet<SettingName> = new Set(),
): SettingsResult {
  const problems: SettingProblem[] = []
  const get = (name: SettingName, fallback?: string) => {
    const raw = env[name]
    return raw === undefined || raw.trim() === '' ? fallback : raw.trim()
  }
  const problem = (name: SettingName, value: string | undefined, text: string) =>
    problems.push(settingProblem(name, value, text, fromConfigJson.has(name)))

  const httpUrl = (
    name: SettingName,
    fallback: string | undefined,
    rules: { noPath?: boolean; noFragment?: boolean } = {},
  ) => {
    const value = get(name, fallback)
    const url = value === undefined ? undefined : parseUrl(value)
    if (!value) problem(name, value, 'is missing')
    else if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      problem(name, value, 'is not an absolute http(s) URL')
    else if (url.protocol === 'http:' && !isLocal(url))
      problem(name, value, 'must use https (plain http is allowed for localhost only)')
    else if (rules.noPath && url.pathname !== '/') problem(name, value, 'must be the domain alone, without a path')
    else if (rules.noFragment && url.hash) problem(name, value, 'must not contain a #fragment')
    else return rules.noPath ? url.origin : value
    return ''
  }

  const cognitoDomain = httpUrl('VITE_COGNITO_DOMAIN', LOCAL_DEFAULTS.VITE_COGNITO_DOMAIN, { noPath: true })
  const issuer = httpUrl('VITE_COGNITO_ISSUER', LOCAL_DEFAULTS.VITE_COGNITO_ISSUER)
  if (issuer?.endsWith('/'))
    problem('VITE_COGNITO_ISSUER', issuer, 'must not end with a slash: Cognito issuers end with the pool id')
  const hasuraGraphqlUrl = httpUrl('VITE_HASURA_GRAPHQL_URL', LOCAL_DEFAULTS.VITE_HASURA_GRAPHQL_URL)
  const redirectUri = httpUrl('VITE_REDIRECT_URI', `${origin}/cognito-callback`, { noFragment: true })
  const logoutUri = httpUrl('VITE_LOGOUT_URI', `${origin}/`, { noFragment: true })

  const clientId = get('VITE_COGNITO_CLIENT_ID', LOCAL_DEFAULTS.VITE_COGNITO_CLIENT_ID) ?? ''
  if (!/^[\w+]{1,128}$/.test(clientId))
    problem('VITE_COGNITO_CLIENT_ID', clientId, 'is not an app client id (letters and digits)')

  const responseType = get('VITE_OAUTH_RESPONSE_TYPE', LOCAL_DEFAULTS.VITE_OAUTH_RESPONSE_TYPE)
  if (responseType !== 'token' && responseType !== 'code') {
    problem('VITE_OAUTH_RESPONSE_TYPE', responseType, 'must be "token" or "code"')
  }
  const scopes = (get('VITE_OAUTH_SCOPES', LOCAL_DEFAULTS.VITE_OAUTH_SCOPES) ?? '').split(/\s+/).filter(Boolean)
  if (scopes.length === 0) problem('VITE_OAUTH_SCOPES', '', 'lists no scope')
  const badScope = scopes.find((scope) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope))
  if (badScope) problem('VITE_OAUTH_SCOPES', badScope, 'contains a character a scope cannot have')

  const hasuraToken = get('VITE_HASURA_TOKEN', LOCAL_DEFAULTS.VITE_HASURA_TOKEN)
  if (hasuraToken !== 'id' && hasuraToken !== 'access')
    problem('VITE_HASURA_TOKEN', hasuraToken, 'must be "id" or "access"')

  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    settings: {
      cognitoDomain,
      clientId,
      issuer,
      hasuraGraphqlUrl,
      redirectUri,
      logoutUri,
      responseType: responseType as 'token' | 'code',
      scopes,
      hasuraToken: hasuraToken as HasuraTokenUse,
    },
  }
}
