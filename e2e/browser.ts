import type { LaunchOptions } from '@playwright/test'

/**
 * How every Playwright config here launches Chromium: the one scripts/playwright.ts found (CHROMIUM_PATH; Debian's
 * when present, since Playwright cannot download its own here: ../shared/TOOLCHAIN.md G10), headless in a container.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || undefined,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
}
