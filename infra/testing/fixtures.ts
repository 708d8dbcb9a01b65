/**
 * For the infra tests: the real trigger zips (`build:triggers` into a temporary folder), a stand-in SPA build, and a
 * reader that turns CloudFormation's `Fn::Join`/`Ref`/`Fn::GetAtt` back into one string with `${Ref}` placeholders,
 * so that values built from deploy-time tokens can be compared as text.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildTriggers } from '../../scripts/build-triggers.ts'

export async function artefacts() {
  const dir = mkdtempSync(path.join(tmpdir(), 'infra-test-'))
  const triggersDir = path.join(dir, 'triggers')
  const spaDir = path.join(dir, 'spa')
  mkdirSync(path.join(spaDir, 'assets'), { recursive: true })
  writeFileSync(path.join(spaDir, 'index.html'), '<!doctype html><title>SPA</title>')
  writeFileSync(path.join(spaDir, 'assets', 'index-abc123.js'), 'console.log(1)')
  const originalLog = console.log
  console.log = () => {} // build-triggers prints a line per zip
  try {
    await buildTriggers(triggersDir)
  } finally {
    console.log = originalLog
  }
  return { dir, triggersDir, spaDir, outdir: path.join(dir, 'cdk.out') }
}

/** `{"Fn::Join": ["", ["https://", {"Ref": "X"}]]}` → `https://${X}`; `Fn::GetAtt: [X, Y]` → `${X.Y}`. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value
  const v = value as Record<string, unknown>
  if ('Ref' in v) return `\${${v.Ref}}`
  if ('Fn::GetAtt' in v) return `\${${(v['Fn::GetAtt'] as string[]).join('.')}}`
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]]
    return parts.map(flatten).join(separator)
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`)
}
