/**
 * The shape of one root-field kind (`<t>`, `insert_<t>`, `update_<t>_many`, …): the GraphQL fields it adds for a
 * table as a role sees it, each with the compiler that turns the field into SQL. The registry (`index.ts`) lists the
 * kinds; the schema builder and the engine only go through it.
 */
import type { GraphQLFieldConfig } from 'graphql'
import type { Compilation, CompilationInput } from '../compile/context.ts'
import type { Selection } from '../compile/selection.ts'
import type { TableTypes } from '../table-types.ts'

export interface RootFieldInput extends CompilationInput {
  /** The field's selection, typed by its return type. */
  sel: Selection
  /** Coerced arguments. */
  args: Record<string, unknown>
  /** The response key (alias or name), for error paths. */
  key: string
}

/** `$.selectionSet.<key>.args`: where the field's arguments are, for errors. */
export const argsPath = (input: RootFieldInput): string => `$.selectionSet.${input.key}.args`

/**
 * One parameterized statement. `checked` statements also return a `check` column: `true` (or NULL) when every
 * permission check passed, `false` when one failed, or — for a nested insert — the `CheckFailure` of the first step
 * that failed.
 */
export interface Statement {
  sql: string
  params: unknown[]
  /** The parameters that hold a session variable's value, and its name (`Params.fromSession`). */
  fromSession: [index: number, name: string][]
  checked: boolean
}

export interface CompiledRootField {
  /** Run in order in the request's connection (a mutation's transaction); one per field except `update_<t>_many`. */
  statements: Statement[]
  /** The answer is the list of the statements' answers (`update_<t>_many`), not the only one. */
  list: boolean
  /** Where a database error or failed check of this field is reported (`$.selectionSet.insert_x.args.objects`). */
  errorPath: string
}

export interface RootFieldPlan {
  compile(input: RootFieldInput): CompiledRootField
}

export type RootFieldConfig = Omit<GraphQLFieldConfig<unknown, unknown>, 'extensions'> & RootFieldPlan

export interface RootFieldKind {
  operation: 'query' | 'mutation'
  /** The fields of this kind for one table; none when the role may not use it. */
  fields(t: TableTypes): Record<string, RootFieldConfig>
}

/** One statement's text with the parameters its compilation bound; `checked` as above. */
export function statement(sql: string, c: Compilation, checked = false): Statement {
  return { sql, params: c.params.values, fromSession: c.params.fromSession, checked }
}

/** The usual answer: one statement, answered at `errorPath` when it fails. */
export function single(sql: string, c: Compilation, options: { checked?: boolean; errorPath?: string } = {}) {
  return { statements: [statement(sql, c, options.checked)], list: false, errorPath: options.errorPath ?? '$' }
}
