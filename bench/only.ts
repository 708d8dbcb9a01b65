/** Runs one part of the bench: `tsx bench/only.ts hasura|cognito|browser|startup`. */
import { benchCognito } from './cognito.ts'
import { benchHasura } from './hasura.ts'
import { measureBrowser } from './spa.ts'
import { measureStartup } from './startup.ts'

const parts: Record<string, () => Promise<unknown>> = {
  hasura: () => benchHasura(5000),
  cognito: () => benchCognito(5000),
  browser: () => measureBrowser(),
  startup: () => measureStartup(),
}
const part = parts[process.argv[2] ?? '']
if (!part) {
  console.error(`usage: tsx bench/only.ts ${Object.keys(parts).join('|')}`)
  process.exit(2)
}
console.log(JSON.stringify(await part(), null, 2))
process.exit(0)
