/**
 * The SPA: production-build sizes (first load of /cognito-callback and the whole app, gzip), and in headless
 * Chromium against the local stack, the time from the callback URL loading to the verified claims being painted
 * and to the isolation verdict.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { hostedSignIn } from '../scripts/hosted-sign-in.ts'
import { DEMO_PASSWORD, startStack } from '../scripts/stack.ts'
import { percentile } from './load.ts'
import { root } from './processes.ts'

export interface BundleSizes {
  callbackFirstLoadGzip: number
  wholeAppGzip: number
  files: Record<string, number>
}

const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length

export function measureBundle(): BundleSizes {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
  })
  const dist = path.join(root, 'dist')
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8')
  // What the browser fetches before the callback page can paint: the HTML, its entry script, preloads and CSS.
  const firstLoad = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string)
  const assets = readdirSync(path.join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f))
  const files = Object.fromEntries(assets.map((f) => [f, gzipSize(path.join(dist, 'assets', f))]))
  const htmlSize = gzipSize(path.join(dist, 'index.html'))
  return {
    callbackFirstLoadGzip: htmlSize + firstLoad.reduce((sum, f) => sum + gzipSize(path.join(dist, f)), 0),
    wholeAppGzip: htmlSize + Object.values(files).reduce((sum, n) => sum + n, 0),
    files,
  }
}

export interface BrowserTimings {
  claimsPaintedMs: { median: number; samples: number[] }
  verdictMs: { median: number; samples: number[] }
}

export async function measureBrowser(runs = 7): Promise<BrowserTimings> {
  const dataDir = path.join(root, '.bench-data')
  rmSync(dataDir, { recursive: true, force: true })
  const ports = { cognitoPort: 29229, hasuraPort: 28080, spaPort: 23333 }
  const stack = await startStack({
    dataDir,
    ...ports,
    spa: 'preview',
    adminSecret: 'bench-admin-secret',
    log: () => {},
  })
  const executablePath =
    process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  const claims: number[] = []
  const verdicts: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext()
      const page = await context.newPage()
      // Marks, in the callback document's own clock, when the verdicts appear.
      await page.addInitScript(() => {
        const marks: Record<string, number> = {}
        ;(window as unknown as { __marks: Record<string, number> }).__marks = marks
        new MutationObserver(() => {
          if (
            !marks.claims &&
            document.querySelector('[data-testid=id-token-status][data-state=verified]') &&
            document.querySelector('[data-testid=hasura-claims]')
          ) {
            marks.claims = performance.now()
          }
          const verdict = document.querySelector('[data-testid=isolation-verdict]')?.getAttribute('data-verdict')
          if (!marks.verdict && verdict && verdict !== 'running') marks.verdict = performance.now()
        }).observe(document, { subtree: true, childList: true, attributes: true })
      })
      await page.goto(stack.urls.spa)
      const login = (await page.getByRole('link', { name: 'Log in' }).getAttribute('href')) ?? ''
      // The hosted sign-in happens outside the browser: only the callback's own work is timed.
      const signedIn = await hostedSignIn(login, i % 2 ? 'bob' : 'alice', DEMO_PASSWORD)
      await page.goto(signedIn.headers.get('location') ?? '')
      await page.waitForFunction(
        () => (window as unknown as { __marks: Record<string, number> }).__marks.verdict,
        undefined,
        { timeout: 15_000 },
      )
      const marks = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks)
      claims.push(marks.claims as number)
      verdicts.push(marks.verdict as number)
      await context.close()
    }
  } finally {
    await browser.close()
    await stack.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    )
  return {
    claimsPaintedMs: { median: median(claims), samples: claims },
    verdictMs: { median: median(verdicts), samples: verdicts },
  }
}
