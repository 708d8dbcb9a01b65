/**
 * How `npm run verify:deployment` words its report (e2e/deployment/report.ts): times, reasons, and the redaction
 * every printed line passes through, so that a token or a password never reaches the terminal — not even inside an
 * error message of Playwright's, which may quote a URL or a filled-in value.
 */

export const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`)

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what this removes
const ANSI = /\u001b\[[0-9;]*m/g
/** A JWT (base64url JSON header first: `eyJ`), or a token or authorization code as a URL parameter. */
const TOKEN = /\beyJ[\w-]+\.[\w-]+\.[\w-]*|\b((?:id_|access_|refresh_)?token|code)=[^&#\s"']+/g
/** Cognito's minimum password length: anything shorter could be any word of the report. */
const MIN_PASSWORD = 6

export function redact(text: string, passwords: string[]): string {
  let out = text
    .replace(ANSI, '')
    .replace(TOKEN, (_match, parameter?: string) => (parameter ? `${parameter}=…` : '<a token>'))
  for (const password of passwords) if (password.length >= MIN_PASSWORD) out = out.replaceAll(password, '<password>')
  return out
}

/**
 * The reason a check failed: its message without Playwright's `Error:` prefix and call log (which lists every
 * action and may quote what was typed).
 */
export function reasonOf(error: { message?: string; value?: string } | undefined): string {
  const message = error?.message ?? error?.value ?? 'unknown error'
  return (message.split(/\n\s*Call log:/)[0] ?? '').replace(/^(?:\w*Error|CheckFailed): /, '').trim()
}
