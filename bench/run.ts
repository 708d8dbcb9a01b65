/**
 * `npm run bench`: every performance figure the issues ask for, measured on this machine in one run. Prints a table
 * (measure, result, target) and writes bench-results/<timestamp>.json and bench-results/latest.json, from which the
 * README's Performance table is made (`npm run bench -- --readme` rewrites it in place).
 *
 * `--quick` shortens the load phases; `--skip-npm-test` leaves out the `npm test` timing; `--only=<section>[,…]`
 * runs some sections (bundle, hasura, cognito, sign-in, pool, browser, dev, start, memory, npm-test).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchCognito } from './cognito.ts'
import { benchConcurrentSignIn } from './concurrent-sign-in.ts'
import { benchHasura } from './hasura.ts'
import type { LoadResult } from './load.ts'
import { measureMemory } from './memory.ts'
import { benchPoolScale } from './pool-scale.ts'
import { root } from './processes.ts'
import { measureBrowser, measureBundle, measureDevServer } from './spa.ts'
import { measureNpmTest, measureStartup } from './startup.ts'

const argv = process.argv.slice(2)
const args = new Set(argv)
const only = argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const runs = (section: string) =>
  only ? only.includes(section) : section !== 'npm-test' || !args.has('--skip-npm-test')
const durationMs = args.has('--quick') ? 1500 : 5000

const ms = (n: number) => `${n.toFixed(1)} ms`
const s = (n: number) => `${(n / 1000).toFixed(2)} s`
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
const pct = (n: number) => `${(n * 100).toFixed(0)} %`
const rows: [string, string, string][] = []
const row = (what: string, value: string, target = '') => rows.push([what, value, target])
const section = (title: string) => rows.push([`**${title}**`, '', ''])
const loadRow = (what: string, r: LoadResult) =>
  row(what, `p50 ${ms(r.p50)} · p99 ${ms(r.p99)} · ${r.rps.toFixed(0)} req/s${r.errors ? ` · ${r.errors} errors` : ''}`)

console.log(`bench on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`)
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
}

if (runs('bundle')) {
  console.log('· SPA bundle…')
  const bundle = measureBundle()
  results.bundle = bundle
  section('SPA bundle (production build, gzip)')
  row('first load of /cognito-callback (HTML + entry JS + CSS)', kb(bundle.callbackFirstLoadGzip), '≤ 90 KB')
  row('whole app', kb(bundle.wholeAppGzip), '≤ 170 KB')
}

if (runs('hasura')) {
  console.log('· Hasura stand-in…')
  const hasura = await benchHasura(durationMs)
  results.hasura = hasura
  section(`Hasura stand-in (RS256 JWT, ${hasura.concurrency} connections)`)
  loadRow('own-row query, 1,000 users', hasura.ownRow1k)
  loadRow('GET /healthz, same server', hasura.healthz1k)
  row('own-row req/s ÷ /healthz req/s, 1,000 users', pct(hasura.ownRowToHealthzRps1k), '≥ 50 %')
  loadRow('own-row query, 100,000 users', hasura.ownRow100k)
  loadRow('GET /healthz, 100,000 users', hasura.healthz100k)
  row('own-row p50 at 100,000 ÷ at 1,000 users', hasura.p50Ratio100kTo1k.toFixed(2), '≤ 1.2')
  row(
    '200 concurrent upserts (the sync trigger’s mutation)',
    `${s(hasura.upserts200.medianMs)} (median of 3)${hasura.upserts200.failures ? ` · ${hasura.upserts200.failures} failed` : ''}`,
    '≤ 0.3 s',
  )
}

if (runs('cognito')) {
  console.log('· Cognito stand-in…')
  const cognito = await benchCognito(durationMs)
  results.cognito = cognito
  section('Cognito stand-in')
  row('create a user (scrypt N=2^15 hash), p50', ms(cognito.passwordHashMs.p50))
  row(
    'hosted sign-in POST /login → 302 with tokens',
    `p50 ${ms(cognito.hostedSignIn.p50)} · p99 ${ms(cognito.hostedSignIn.p99)}`,
  )
  row('code-for-tokens exchange', `p50 ${ms(cognito.codeExchange.p50)} · p99 ${ms(cognito.codeExchange.p99)}`)
  loadRow('silent sign-in (session cookie → tokens)', cognito.silentSignIn)
}

if (runs('sign-in')) {
  console.log('· 200 hosted sign-ins at once, then 2,000 own-row queries…')
  const signIn = await benchConcurrentSignIn()
  results.concurrentSignIn = signIn
  section('Under load: hosted sign-ins at once (both triggers), then own-row queries')
  for (const level of signIn.levels) {
    row(
      `${level.atOnce} at once: sign-in latency`,
      `p50 ${s(level.p50)} · p99 ${s(level.p99)} · ${level.tokenSets}/${level.signIns} token sets`,
      level.atOnce === 200 ? `${level.signIns} token sets` : '',
    )
  }
  row('trigger timeouts, all levels', String(signIn.triggerTimeouts), '0')
  row(
    `${signIn.queries.sent} own-row queries at once`,
    `${signIn.queries.ownRows} own rows · ${signIn.queries.foreignRows} foreign · ${signIn.queries.errors} errors · p50 ${ms(signIn.queries.p50)}`,
    '0 foreign, 0 errors',
  )
}

if (runs('pool')) {
  console.log('· Cognito pool at 10,000 users…')
  const pool = await benchPoolScale()
  results.poolScale = pool
  section(`Cognito pool persistence (${pool.users.toLocaleString('en')} users)`)
  row('create a user, empty pool (p50)', ms(pool.createEmpty.p50))
  row(`create a user, ${pool.users.toLocaleString('en')} users (p50)`, ms(pool.createFull.p50))
  row('ratio', pool.ratio.toFixed(2), '≤ 2')
  row(`restart → ready, ${pool.users.toLocaleString('en')} users`, ms(pool.restartFullMs), '< 1 s')
}

if (runs('browser')) {
  console.log('· browser (headless Chromium, production build)…')
  const browser = await measureBrowser()
  results.browser = browser
  section('Browser: the callback, production build (headless Chromium, median of 7)')
  row('callback URL → verified claims painted', ms(browser.claimsPaintedMs.median), '≤ 100 ms')
  row('callback URL → isolation verdict', ms(browser.verdictMs.median))
  row('… claims painted, with /config.json', ms(browser.claimsPaintedWithConfigJsonMs.median))
  row('… isolation verdict, with /config.json', ms(browser.verdictWithConfigJsonMs.median))
}

if (runs('dev')) {
  console.log('· browser (headless Chromium, dev server as npm start serves it)…')
  const dev = await measureDevServer()
  results.devServer = dev
  section('Browser: the callback as `npm start` serves it (Vite dev server)')
  row('callback URL → isolation verdict (median of 7)', ms(dev.verdictMs.median), '≤ 300 ms')
  row('… first sign-in after start-up', ms(dev.firstVerdictMs))
  row('callback URL → claims painted (median of 7)', ms(dev.claimsPaintedMs.median))
}

if (runs('start')) {
  console.log('· npm start…')
  const startup = await measureStartup()
  results.startup = startup
  section('`npm start`')
  row('→ ready, existing data dir (from the command, median of 3)', s(startup.readyMs.median), '≤ 3.0 s')
  row('→ ready, empty data dir (first run)', s(startup.firstStartMs))
}

if (runs('memory')) {
  console.log('· memory of npm start…')
  const memory = await measureMemory()
  results.memory = memory
  row('RSS of everything `npm start` runs, after a sign-in', `${memory.totalRssMb.toFixed(0)} MB`, '≤ 600 MB')
}

if (runs('npm-test')) {
  console.log('· npm test…')
  const npmTest = await measureNpmTest()
  results.npmTest = npmTest
  section('Tests')
  row('`npm test` wall time', `${(npmTest.wallMs / 1000).toFixed(0)} s (exit ${npmTest.exitCode})`, '< 15 min')
}

const plain = (text: string) => text.replaceAll('**', '').replaceAll('`', '')
const width = [Math.max(...rows.map((r) => plain(r[0]).length)), Math.max(...rows.map((r) => r[1].length))]
console.log(`\n${'measure'.padEnd(width[0] ?? 0)}  ${'result'.padEnd(width[1] ?? 0)}  target`)
for (const [what, value, target] of rows)
  console.log(`${plain(what).padEnd(width[0] ?? 0)}  ${value.padEnd(width[1] ?? 0)}  ${target}`)

const markdown = [
  '| Measure | Result | Target |',
  '|---|---|---|',
  ...rows.map(([what, value, target]) => `| ${what} | ${value} | ${target} |`),
].join('\n')
results.table = markdown
const dir = path.join(root, 'bench-results')
mkdirSync(dir, { recursive: true })
const json = JSON.stringify(results, null, 2)
writeFileSync(path.join(dir, `${(results.at as string).replaceAll(':', '-')}.json`), json)
writeFileSync(path.join(dir, 'latest.json'), json)
console.log('\nwritten to bench-results/latest.json')

if (args.has('--readme') && !only) {
  // The README's table lives between two markers; everything else in the README is left as it is.
  const readme = path.join(root, 'README.md')
  const text = readFileSync(readme, 'utf8')
  const begin = '<!-- bench:begin -->'
  const end = '<!-- bench:end -->'
  const from = text.indexOf(begin)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md has no ${begin} … ${end} block`)
  const stamp = `Measured ${(results.at as string).slice(0, 10)} on ${results.cpus} × ${results.cpu}, Node ${results.node}.`
  writeFileSync(readme, `${text.slice(0, from + begin.length)}\n${stamp}\n\n${markdown}\n${text.slice(to)}`)
  console.log('README.md Performance table rewritten')
}
process.exit(0)
