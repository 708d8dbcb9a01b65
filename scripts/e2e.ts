/** `npm run test:e2e`: the Playwright suite (playwright.config.ts), with the Chromium scripts/playwright.ts finds. */
import { runPlaywright } from './playwright.ts'

process.exit(runPlaywright(['test', ...process.argv.slice(2)]))
