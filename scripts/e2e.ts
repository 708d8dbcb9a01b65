/**
 * `npm run test:e2e`: finds a Chromium — CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own
 * (installed when missing, which needs internet) — and runs the Playwright suite with it.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const env = { ...process.env }
if (!env.CHROMIUM_PATH && existsSync('/usr/bin/chromium')) env.CHROMIUM_PATH = '/usr/bin/chromium'
if (!env.CHROMIUM_PATH) {
  console.log("no CHROMIUM_PATH and no /usr/bin/chromium: using Playwright's own Chromium")
  const install = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'install', 'chromium'], {
    stdio: 'inherit',
    env,
  })
  if (install.status !== 0) {
    console.error(
      "could not install Playwright's Chromium; install Debian's (apt-get install chromium) or set CHROMIUM_PATH",
    )
    process.exit(1)
  }
}
const run = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
})
process.exit(run.status ?? 1)
