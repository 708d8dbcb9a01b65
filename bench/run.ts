/**
 * `npm run bench`: every performance figure the issues ask for, measured on this machine. Prints a table and
 * writes bench-results/<timestamp>.json (and latest.json). `--quick` shortens the load phases; `--skip-npm-test`
 * leaves out the ~1 min `npm test` timing.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchCognito } from './cognito.ts'
import { benchHasura } from './hasura.ts'
import type { LoadResult } from './load.ts'
import { root } from './processes.ts'
import { measureBrowser, measureBundle } from './spa.ts'
import { measureNpmTest, measureStartup } from './startup.ts'

const args = new Set(process.argv.slice(2))
const durationMs = args.has('--quick') ? 1500 : 5000
const ms = (n: number) => `${n.toFixed(2)} ms`
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
const rows: [string, string, string][] = []
const row = (what: string, value: string, target = '') => rows.push([what, value, target])
const loadRow = (what: string, r: LoadResult) =>
  row(what, `p50 ${ms(r.p50)} · p99 ${ms(r.p99)} · ${r.rps.toFixed(0)} req/s${r.errors ? ` · ${r.errors} errors` : ''}`)

console.log(`bench on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`)
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, cpus: os.cpus().length }

console.log('· SPA bundle…')
const bundle = measureBundle()
results.bundle = bundle
row('SPA first load of /cognito-callback (gzip)', kb(bundle.callbackFirstLoadGzip), '≤ 105 KB')
row('SPA whole app (gzip)', kb(bundle.wholeAppGzip), '≤ 170 KB')

console.log('· Hasura stand-in…')
const hasura = await benchHasura(durationMs)
results.hasura = hasura
loadRow('Hasura own-row query, 1,000 users', hasura.ownRow1k)
loadRow('Hasura GET /healthz, 1,000 users', hasura.healthz1k)
loadRow('Hasura own-row query, 100,000 users', hasura.ownRow100k)
loadRow('Hasura GET /healthz, 100,000 users', hasura.healthz100k)
row('Hasura p50 at 100k ÷ p50 at 1k', hasura.p50Ratio100kTo1k.toFixed(2), '≤ 1.5')
row('Hasura own-row req/s ÷ healthz req/s (100k)', hasura.ownRowToHealthzRps.toFixed(2))
row('Hasura own-row req/s (100k)', hasura.ownRow100k.rps.toFixed(0), '≥ 1,000')

console.log('· Cognito stand-in…')
const cognito = await benchCognito(durationMs)
results.cognito = cognito
row('Cognito create user (scrypt N=2^15 hash), p50', ms(cognito.passwordHashMs.p50))
row(
  'Cognito hosted sign-in POST /login → 302 tokens',
  `p50 ${ms(cognito.hostedSignIn.p50)} · p99 ${ms(cognito.hostedSignIn.p99)}`,
)
row('Cognito code-for-tokens exchange', `p50 ${ms(cognito.codeExchange.p50)} · p99 ${ms(cognito.codeExchange.p99)}`)
loadRow('Cognito silent sign-in (session cookie → tokens)', cognito.silentSignIn)
row('Cognito token sets issued per second', cognito.tokenSetsPerSecond.toFixed(0))

console.log('· browser (headless Chromium, production build)…')
const browser = await measureBrowser()
results.browser = browser
row('Callback URL → verified claims painted (median)', ms(browser.claimsPaintedMs.median), '≤ 150 ms')
row('Callback URL → isolation verdict (median)', ms(browser.verdictMs.median), '≤ 500 ms')

console.log('· npm start…')
const startup = await measureStartup()
results.startup = startup
row('npm start → ready, existing data dir (median)', ms(startup.readyMs.median), '≤ 5 s')
row('npm start → ready, empty data dir (first run)', ms(startup.firstStartMs))

if (!args.has('--skip-npm-test')) {
  console.log('· npm test…')
  const npmTest = await measureNpmTest()
  results.npmTest = npmTest
  row('npm test wall time', `${(npmTest.wallMs / 1000).toFixed(1)} s (exit ${npmTest.exitCode})`, '< 15 min')
}

const width = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))]
console.log(`\n${'measure'.padEnd(width[0] ?? 0)}  ${'result'.padEnd(width[1] ?? 0)}  target`)
for (const [what, value, target] of rows)
  console.log(`${what.padEnd(width[0] ?? 0)}  ${value.padEnd(width[1] ?? 0)}  ${target}`)

const dir = path.join(root, 'bench-results')
mkdirSync(dir, { recursive: true })
const json = JSON.stringify(results, null, 2)
writeFileSync(path.join(dir, `${(results.at as string).replaceAll(':', '-')}.json`), json)
writeFileSync(path.join(dir, 'latest.json'), json)
console.log(`\nwritten to bench-results/latest.json`)
process.exit(0)
