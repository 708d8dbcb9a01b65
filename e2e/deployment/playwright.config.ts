import { defineConfig, devices } from '@playwright/test'
import { chromiumLaunchOptions } from '../browser.ts'

/**
 * `npm run verify:deployment` (scripts/verify-deployment.ts): one run of deployment.verify.ts against whatever
 * VERIFY_SPA_URL points at — no web server, no retries, and nothing kept that could hold a token (no trace, no
 * video; a screenshot only when a check fails, which shows the page, never a raw token).
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'deployment.verify.ts',
  // A real deployment may cold-start its Lambda triggers and Hasura: generous, but bounded.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['./report.ts']],
  outputDir: '../../test-results/verify-deployment',
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: chromiumLaunchOptions,
    navigationTimeout: 30_000,
    actionTimeout: 15_000,
    trace: 'off',
    video: 'off',
    screenshot: 'only-on-failure',
  },
})
