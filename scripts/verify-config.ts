/**
 * `npm run verify:deployment`'s settings: which SPA to open and who signs in (../shared/CONTRACT.md). Read by the
 * command (to refuse early, with the usage) and by the Playwright run it starts.
 */

export interface Credentials {
  username: string
  password: string
}

export interface VerifyConfig {
  spaUrl: string
  user: Credentials
  /** A second user for the cross-probes (each identity asks Hasura for the other's rows). */
  secondUser?: Credentials
}

export const USAGE = `usage: VERIFY_SPA_URL=<the SPA's URL> VERIFY_USERNAME=<user> VERIFY_PASSWORD=<password> \\
       [VERIFY_USERNAME_2=<second user> VERIFY_PASSWORD_2=<password>] npm run verify:deployment [-- <playwright test options>]

Opens the SPA, logs in through the hosted UI, and requires the ID token verified and the isolation proof
"isolated" (with a second user: both side by side, each probing the other's rows). Exit 0 when it all holds.`

export type VerifyConfigResult = { ok: true; config: VerifyConfig } | { ok: false; problems: string[] }

export function verifyConfig(env: Record<string, string | undefined>): VerifyConfigResult {
  const problems: string[] = []
  const required = (name: string) => {
    const value = env[name]
    if (!value) problems.push(`${name} is not set`)
    return value ?? ''
  }
  const spaUrl = required('VERIFY_SPA_URL')
  if (spaUrl && !/^https?:$/.test(URL.parse(spaUrl)?.protocol ?? ''))
    problems.push(`VERIFY_SPA_URL must be an http(s) URL, got ${JSON.stringify(spaUrl)}`)
  const user = { username: required('VERIFY_USERNAME'), password: required('VERIFY_PASSWORD') }
  const [username2, password2] = [env.VERIFY_USERNAME_2, env.VERIFY_PASSWORD_2]
  if (!username2 !== !password2)
    problems.push('VERIFY_USERNAME_2 and VERIFY_PASSWORD_2 go together: set both or neither')
  if (username2 && username2.toLowerCase() === user.username.toLowerCase())
    problems.push('VERIFY_USERNAME_2 must be another user than VERIFY_USERNAME')
  if (problems.length) return { ok: false, problems }
  return {
    ok: true,
    config: {
      spaUrl,
      user,
      ...(username2 && password2 ? { secondUser: { username: username2, password: password2 } } : {}),
    },
  }
}
