/** Test helpers for the Hasura stand-in's metadata (not part of the stand-in). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * A Hasura CLI v3 project in a temporary folder whose tables are given inline (`tables.yaml`, through `!include`);
 * `sourceConfig` is extra YAML for the source in `databases.yaml` (indented as a key of it), e.g. a `configuration`.
 */
export function inlineProject(tables: string, sourceConfig = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hasura-inline-'))
  writeFileSync(path.join(dir, 'config.yaml'), 'version: 3\n')
  const databases = path.join(dir, 'metadata/databases')
  mkdirSync(databases, { recursive: true })
  writeFileSync(
    path.join(databases, 'databases.yaml'),
    `- name: default\n  kind: postgres\n${sourceConfig}  tables: "!include tables.yaml"\n`,
  )
  writeFileSync(path.join(databases, 'tables.yaml'), tables)
  return dir
}
