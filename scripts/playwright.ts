/**
 * Runs the Playwright CLI with a Chromium found the same way everywhere (`npm run test:e2e`,
 * `npm run verify:deployment`): CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own (installed
 * when missing, which needs internet). The configs read CHROMIUM_PATH (e2e/browser.ts).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { root } from './processes.ts'

const cli = 'node_modules/@playwright/test/cli.js'

/** Runs `playwright <args>` in the project's root and returns its exit code. */
export function runPlaywright(args: string[], baseEnv: NodeJS.ProcessEnv = process.env): number {
  const env = { ...baseEnv }
  if (!env.CHROMIUM_PATH && existsSync('/usr/bin/chromium')) env.CHROMIUM_PATH = '/usr/bin/chromium'
  if (!env.CHROMIUM_PATH) {
    console.log("no CHROMIUM_PATH and no /usr/bin/chromium: using Playwright's own Chromium")
    const install = spawnSync(process.execPath, [cli, 'install', 'chromium'], { cwd: root, stdio: 'inherit', env })
    if (install.status !== 0) {
      console.error(
        "could not install Playwright's Chromium; install Debian's (apt-get install chromium) or set CHROMIUM_PATH",
      )
      return 1
    }
  }
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit', env }).status ?? 1
}
