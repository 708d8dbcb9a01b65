/**
 * `npm run build:triggers`: bundles each Lambda handler in cognito/triggers/ (each `*.ts` file directly in it; code the
 * handlers share lives in subfolders such as `shared/` and is bundled into each handler that imports it) into an
 * upload-ready zip (`dist/triggers/<name>.zip` holding `index.mjs`, handler `index.handler`) for the Node.js 20.x /
 * 22.x runtimes. The bundles carry no dependencies: `fetch` is built into those runtimes, and so is the AWS SDK v3,
 * hence `@aws-sdk/*` stays external (an `import` the runtime resolves).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { zipSync } from 'fflate'

const root = path.resolve(import.meta.dirname, '..')
const source = path.join(root, 'cognito', 'triggers')

/** The handlers, by file name: the zips' names, and the triggers the CDK app attaches. */
export function triggerNames(): string[] {
  return readdirSync(source, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => entry.name.replace(/\.ts$/, ''))
    .sort()
}

export async function buildTriggers(out = path.join(root, 'dist', 'triggers')): Promise<string[]> {
  mkdirSync(out, { recursive: true })
  const names = triggerNames()
  const written: string[] = []
  for (const name of names) {
    const result = await build({
      entryPoints: [path.join(source, `${name}.ts`)],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      write: false,
      external: ['@aws-sdk/*'],
      minify: false,
      legalComments: 'none',
    })
    const code = result.outputFiles[0]?.contents
    if (!code) throw new Error(`esbuild produced nothing for ${name}`)
    // A fixed date keeps the zip byte-for-byte reproducible.
    const zip = zipSync({ 'index.mjs': [code, { mtime: new Date('2026-01-01T00:00:00Z') }] }, { level: 9 })
    const file = path.join(out, `${name}.zip`)
    writeFileSync(file, zip)
    written.push(file)
    console.log(
      `${path.relative(root, file)}  ${zip.length} bytes  (handler: index.handler, runtime: nodejs20.x or nodejs22.x)`,
    )
  }
  return written
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildTriggers()
