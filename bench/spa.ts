/**
 * The SPA: production-build sizes (first load of /cognito-callback and the whole app, gzip), and in headless
 * Chromium against the local stack, the time from the callback URL loading to the verified claims being painted
 * and to the isolation verdict — without and with a /config.json served next to index.html.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { LOCAL_POOL } from '../lib/local-pool.ts'
import { hostedSignIn } from '../scripts/hosted-sign-in.ts'
import { DEMO_PASSWORD, startStack } from '../scripts/stack.ts'
import { median } from './load.ts'
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

interface Timing {
  median: number
  samples: number[]
}

export interface BrowserTimings {
  claimsPaintedMs: Timing
  verdictMs: Timing
  /** The same, with a /config.json (the build's own values) that the SPA fetches and applies at start. */
  claimsPaintedWithConfigJsonMs: Timing
  verdictWithConfigJsonMs: Timing
}

const timing = (values: number[]): Timing => ({ median: median(values), samples: values })

/**
 * Marks, in the callback document's own clock (0 = the navigation's start), when the verdicts appear, and tells the
 * bench through the `__verdictMarked` binding once the isolation verdict is there.
 */
function markVerdicts() {
  const marks: Record<string, number> = {}
  const page = window as unknown as { __marks: Record<string, number>; __verdictMarked?: () => void }
  page.__marks = marks
  new MutationObserver(() => {
    if (
      !marks.claims &&
      document.querySelector('[data-testid=id-token-status][data-state=verified]') &&
      document.querySelector('[data-testid=hasura-claims]')
    ) {
      marks.claims = performance.now()
    }
    const verdict = document.querySelector('[data-testid=isolation-verdict]')?.getAttribute('data-verdict')
    if (!marks.verdict && verdict && verdict !== 'running') {
      marks.verdict = performance.now()
      page.__verdictMarked?.()
    }
  }).observe(document, { subtree: true, childList: true, attributes: true })
}

type Stack = Awaited<ReturnType<typeof startStack>>
type Browser = Awaited<ReturnType<typeof chromium.launch>>

/**
 * One sign-in in a fresh browser context: the hosted sign-in happens outside the browser, so only the callback's
 * own work is timed — from the callback URL's navigation to the claims painted and to the isolation verdict.
 */
async function timeCallback(
  browser: Browser,
  stack: Stack,
  username: string,
  onResponse?: (url: URL, r: { status(): number; headers(): Record<string, string> }) => void,
) {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    if (onResponse) page.on('response', (r) => onResponse(new URL(r.url()), r))
    await page.addInitScript(markVerdicts)
    // Told by the page, not polled: waitForFunction would evaluate Playwright's injected script in the callback page
    // right after its load event — 10 ms or so of main thread inside the very window being timed.
    let verdictMarked = () => {}
    const marked = new Promise<void>((resolve) => {
      verdictMarked = resolve
    })
    await page.exposeBinding('__verdictMarked', () => verdictMarked())
    await page.goto(stack.urls.spa)
    const login = (await page.getByRole('link', { name: 'Log in' }).getAttribute('href')) ?? ''
    const signedIn = await hostedSignIn(login, username, DEMO_PASSWORD)
    await page.goto(signedIn.headers.get('location') ?? '')
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      marked,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no isolation verdict within 15 s')), 15_000)
      }),
    ]).finally(() => clearTimeout(timer))
    return (await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks)) as {
      claims: number
      verdict: number
    }
  } finally {
    await context.close()
  }
}

async function withStack<T>(spa: 'dev' | 'preview', fn: (stack: Stack, browser: Browser) => Promise<T>): Promise<T> {
  const dataDir = path.join(root, '.bench-data')
  rmSync(dataDir, { recursive: true, force: true })
  const stack = await startStack({
    dataDir,
    ...PORTS,
    spa,
    adminSecret: 'bench-admin-secret',
    log: () => {},
  })
  const executablePath =
    process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    return await fn(stack, browser)
  } finally {
    await browser.close()
    await stack.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const PORTS = { cognitoPort: 29229, hasuraPort: 28080, spaPort: 23333 }

/** The production build (`vite preview`), alternately without and with a /config.json. */
export async function measureBrowser(runs = 7): Promise<BrowserTimings> {
  return withStack('preview', async (stack, browser) => {
    // The preview server serves the build that startStack made in this folder; files added later are served too.
    const configJson = path.join(root, '.bench-data', `spa-${PORTS.spaPort}`, 'config.json')
    if (!existsSync(path.dirname(configJson))) throw new Error(`no production build at ${path.dirname(configJson)}`)
    const runtimeValues = {
      VITE_COGNITO_DOMAIN: stack.urls.cognito,
      VITE_COGNITO_CLIENT_ID: LOCAL_POOL.clientId,
      VITE_COGNITO_ISSUER: stack.urls.issuer,
      VITE_HASURA_GRAPHQL_URL: stack.urls.hasura,
    }
    const samples = {
      claims: [] as number[],
      verdicts: [] as number[],
      claimsJson: [] as number[],
      verdictsJson: [] as number[],
    }
    // Runs alternate without and with /config.json, so that drift of the machine weighs on both alike.
    for (let i = 0; i < runs * 2; i++) {
      const withConfigJson = i % 2 === 1
      if (withConfigJson) writeFileSync(configJson, JSON.stringify(runtimeValues))
      else rmSync(configJson, { force: true })
      const configAnswers: string[] = []
      const marks = await timeCallback(browser, stack, i % 4 < 2 ? 'alice' : 'bob', (url, r) => {
        if (url.pathname === '/config.json') configAnswers.push(`${r.status()} ${r.headers()['content-type']}`)
      })
      const served = configAnswers.at(-1) ?? 'no request'
      if (withConfigJson !== served.includes('application/json'))
        throw new Error(`/config.json ${withConfigJson ? 'was not' : 'was'} served as JSON (${served})`)
      ;(withConfigJson ? samples.claimsJson : samples.claims).push(marks.claims)
      ;(withConfigJson ? samples.verdictsJson : samples.verdicts).push(marks.verdict)
    }
    return {
      claimsPaintedMs: timing(samples.claims),
      verdictMs: timing(samples.verdicts),
      claimsPaintedWithConfigJsonMs: timing(samples.claimsJson),
      verdictWithConfigJsonMs: timing(samples.verdictsJson),
    }
  })
}

/**
 * The SPA as `npm start` serves it — Vite's dev server — each run in a fresh browser context (no HTTP cache); the
 * first run after start-up is reported apart, since it also pays for the dev server's first transforms.
 */
export async function measureDevServer(
  runs = 7,
): Promise<{ firstVerdictMs: number; verdictMs: Timing; claimsPaintedMs: Timing }> {
  return withStack('dev', async (stack, browser) => {
    const first = await timeCallback(browser, stack, 'alice')
    const claims: number[] = []
    const verdicts: number[] = []
    for (let i = 0; i < runs; i++) {
      const marks = await timeCallback(browser, stack, i % 2 ? 'alice' : 'bob')
      claims.push(marks.claims)
      verdicts.push(marks.verdict)
    }
    return { firstVerdictMs: first.verdict, verdictMs: timing(verdicts), claimsPaintedMs: timing(claims) }
  })
}
