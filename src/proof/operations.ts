/**
 * The GraphQL operations the per-table probes send, built from a table's Hasura root-field names (`notes`,
 * `notes_by_pk`, `insert_notes`, `update_notes`, `delete_notes`; the input types `notes_bool_exp`, `notes_set_input`,
 * `notes_insert_input`) and the selection a filter needs. Values always travel as variables.
 */
import { type DocumentNode, gql } from '@apollo/client'
import { printSelection, type Selection } from './filter-selection.ts'

/** How many rows a probe reads and checks: enough for a demo, bounded for a large table. */
export const ROWS_CHECKED = 100

export const rowsQuery = (name: string, selection: Selection, where: boolean): DocumentNode =>
  gql(
    where
      ? `query ProofRowsWhere($where: ${name}_bool_exp!) { rows: ${name}(where: $where, limit: ${ROWS_CHECKED}) { ${printSelection(selection)} } }`
      : `query ProofRows { rows: ${name}(limit: ${ROWS_CHECKED}) { ${printSelection(selection)} } }`,
  )

/** A primary-key column as `<t>_by_pk` takes it: its name and GraphQL type (`uuid!`). */
export interface KeyArg {
  name: string
  type: string
}

export function byPkQuery(name: string, keys: KeyArg[], selection: Selection): DocumentNode {
  const variables = keys.map((k) => `$${k.name}: ${k.type}`).join(', ')
  const args = keys.map((k) => `${k.name}: $${k.name}`).join(', ')
  return gql(`query ProofByPk(${variables}) { row: ${name}_by_pk(${args}) { ${printSelection(selection)} } }`)
}

export const updateMutation = (name: string): DocumentNode =>
  gql(
    `mutation ProofUpdate($where: ${name}_bool_exp!, $set: ${name}_set_input!) { written: update_${name}(where: $where, _set: $set) { affected_rows } }`,
  )

export const deleteMutation = (name: string): DocumentNode =>
  gql(`mutation ProofDelete($where: ${name}_bool_exp!) { written: delete_${name}(where: $where) { affected_rows } }`)

export const insertMutation = (name: string, returning: Selection): DocumentNode =>
  gql(
    `mutation ProofInsert($objects: [${name}_insert_input!]!) { written: insert_${name}(objects: $objects) { affected_rows returning { ${printSelection(returning)} } } }`,
  )

/** The query root's fields and their arguments, as the role sees them: which `<t>_by_pk` exist, and their keys. */
export const ROOT_FIELDS = gql`
  query ProofRootFields {
    __schema {
      queryType {
        fields {
          name
          args {
            name
            type {
              kind
              name
              ofType {
                kind
                name
                ofType {
                  kind
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`

interface TypeRef {
  kind: string
  name: string | null
  ofType?: TypeRef | null
}
export interface RootFields {
  __schema: { queryType: { fields: { name: string; args: { name: string; type: TypeRef }[] }[] } }
}

const printType = (t: TypeRef): string =>
  t.kind === 'NON_NULL'
    ? `${printType(t.ofType as TypeRef)}!`
    : t.kind === 'LIST'
      ? `[${printType(t.ofType as TypeRef)}]`
      : (t.name ?? '')

/** `<t>_by_pk`'s key arguments by table name, for the tables that have one for this role. */
export function primaryKeysOf(data: RootFields): Map<string, KeyArg[]> {
  const keys = new Map<string, KeyArg[]>()
  for (const field of data.__schema.queryType.fields) {
    if (!field.name.endsWith('_by_pk')) continue
    keys.set(
      field.name.slice(0, -'_by_pk'.length),
      field.args.map((a) => ({ name: a.name, type: printType(a.type) })),
    )
  }
  return keys
}
