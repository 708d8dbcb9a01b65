/**
 * Run-time settings: a `/config.json` served next to index.html, with the build-time names
 * (`{"VITE_COGNITO_DOMAIN": "…", …}`), overrides the build's `VITE_*` values, so one build serves every
 * environment. Absent is normal (404, or the host's SPA fallback answering index.html); anything else that is not a
 * usable object is reported on the settings page, naming the file or the setting — never a blank page.
 */
import {
  CONFIG_JSON,
  type Env,
  readSettings,
  SETTING_NAMES,
  type SettingName,
  type SettingProblem,
  type Settings,
  type SettingsResult,
  settingProblem,
} from './settings.ts'

export type ConfigJson =
  | { kind: 'absent' }
  | { kind: 'present'; values: unknown }
  | { kind: 'unusable'; problem: string; value?: string }

export const CONFIG_JSON_TIMEOUT_MS = 5000

const FILE_EXAMPLE = '{"VITE_COGNITO_DOMAIN": "https://my-app.auth.eu-west-1.amazoncognito.com", …}'

/** What is wrong with /config.json as a whole. */
const fileProblem = (problem: string, value?: string): SettingProblem => ({
  name: CONFIG_JSON,
  value,
  problem,
  example: FILE_EXAMPLE,
  source: CONFIG_JSON,
})

/** Fetches /config.json. Never throws: every failure is a `problem` in words. */
export async function fetchConfigJson(
  fetchImpl: typeof fetch = fetch,
  timeoutMs = CONFIG_JSON_TIMEOUT_MS,
): Promise<ConfigJson> {
  let response: Response
  try {
    // No custom headers: the request must match index.html's <link rel=preload> to reuse its response.
    response = await fetchImpl(CONFIG_JSON, { signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const name = (error as Error).name
    return {
      kind: 'unusable',
      problem:
        name === 'TimeoutError' || name === 'AbortError'
          ? `did not answer within ${timeoutMs / 1000} s`
          : `could not be fetched (${(error as Error).message})`,
    }
  }
  if (response.status === 404) return { kind: 'absent' }
  // Static hosts that route every path to index.html (vite preview, CloudFront error responses) answer a missing
  // file with the page itself.
  if (response.ok && /^text\/html\b/i.test(response.headers.get('content-type') ?? '')) return { kind: 'absent' }
  if (!response.ok) return { kind: 'unusable', problem: `answered HTTP ${response.status}` }
  const text = await response.text()
  try {
    return { kind: 'present', values: JSON.parse(text) }
  } catch (error) {
    return { kind: 'unusable', problem: `is not valid JSON (${(error as Error).message})`, value: text.slice(0, 80) }
  }
}

const isSettingName = (key: string): key is SettingName => (SETTING_NAMES as string[]).includes(key)

/** The build's settings with /config.json's on top; the names that came from the file; what in it is unusable. */
export function mergeConfigJson(
  build: Env,
  values: unknown,
): { env: Env; fromConfigJson: Set<SettingName>; problems: SettingProblem[] } {
  const env: Env = { ...build }
  const fromConfigJson = new Set<SettingName>()
  const problems: SettingProblem[] = []
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    problems.push(fileProblem('must be a JSON object of VITE_* settings', JSON.stringify(values).slice(0, 80)))
    return { env, fromConfigJson, problems }
  }
  for (const [key, value] of Object.entries(values)) {
    if (key === 'VITE_CSP_META') {
      problems.push(
        fileProblem('names VITE_CSP_META, a build-time setting: it shapes index.html and cannot change at run time'),
      )
    } else if (!isSettingName(key)) {
      problems.push(fileProblem(`names no known setting: "${key}"`, key))
    } else if (typeof value !== 'string') {
      problems.push(settingProblem(key, JSON.stringify(value), 'must be a string', true))
    } else if (value.trim() !== '') {
      // An empty value keeps the build's, as an empty VITE_* keeps the default.
      env[key] = value
      fromConfigJson.add(key)
    }
  }
  return { env, fromConfigJson, problems }
}

/** The `connect-src` sources of a Content-Security-Policy, with `'self'` resolved to `origin`. */
function connectSources(policy: string, origin: string): Set<string> {
  const directive = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name?.toLowerCase() === 'connect-src')
  return new Set((directive?.slice(1) ?? []).map((source) => (source === "'self'" ? origin : source)))
}

/**
 * A build's `<meta>` Content-Security-Policy lists the build's origins; a run-time value outside them would be
 * blocked by the browser with nothing but a console line. Said here instead, naming the setting.
 */
export function metaCspProblems(
  settings: Settings,
  metaPolicy: string | undefined,
  origin: string,
  fromConfigJson: ReadonlySet<SettingName>,
): SettingProblem[] {
  if (!metaPolicy) return []
  const allowed = connectSources(metaPolicy, origin)
  const checked: [SettingName, string][] = [
    ['VITE_COGNITO_DOMAIN', settings.cognitoDomain],
    ['VITE_COGNITO_ISSUER', settings.issuer],
    ['VITE_HASURA_GRAPHQL_URL', settings.hasuraGraphqlUrl],
  ]
  return checked
    .filter(([, url]) => !allowed.has(new URL(url).origin))
    .map(([name, url]) =>
      settingProblem(
        name,
        url,
        `is outside this build's Content-Security-Policy <meta> tag (connect-src ${[...allowed].join(' ')}): build with VITE_CSP_META=false and send the policy as a response header, or build with this value`,
        fromConfigJson.has(name),
      ),
    )
}

/** The settings in effect: the build's, /config.json's over them, validated; every problem named. */
export function settingsFrom(build: Env, configJson: ConfigJson, origin: string, metaPolicy?: string): SettingsResult {
  if (configJson.kind === 'unusable') {
    return { ok: false, problems: [fileProblem(configJson.problem, configJson.value)] }
  }
  const merged =
    configJson.kind === 'present'
      ? mergeConfigJson(build, configJson.values)
      : { env: build, fromConfigJson: new Set<SettingName>(), problems: [] }
  const result = readSettings(merged.env, origin, merged.fromConfigJson)
  const problems = [
    ...merged.problems,
    ...(result.ok ? metaCspProblems(result.settings, metaPolicy, origin, merged.fromConfigJson) : result.problems),
  ]
  return problems.length > 0 ? { ok: false, problems } : result
}
