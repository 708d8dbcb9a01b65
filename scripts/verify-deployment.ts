/**
 * `npm run verify:deployment`: signs in to any running deployment through its hosted UI, with a real browser, and
 * requires what the demo promises — the ID token verified, the users isolated. The checks are a Playwright run
 * (e2e/deployment/): they drive the hosted UI with the project's own page object. Exit 0 when everything holds,
 * 1 with the precise reason when not, 2 when the settings are missing.
 */
import { runPlaywright } from './playwright.ts'
import { USAGE, verifyConfig } from './verify-config.ts'

const settings = verifyConfig(process.env)
if (!settings.ok) {
  console.error(`${settings.problems.join('\n')}\n\n${USAGE}`)
  process.exit(2)
}
process.exit(runPlaywright(['test', '--config', 'e2e/deployment/playwright.config.ts', ...process.argv.slice(2)]))
