/**
 * An operation's root fields: each compiled by the plan its field carries (`root-fields/`), all before any runs, so a
 * bad argument anywhere fails the request before it writes; then run one after another, with the event loop given a
 * turn between statements. Each answer is the field's whole JSON, built by Postgres; only the fields that are not a
 * table's (introspection, `__typename`, `no_queries_available`) are left to graphql-js (`answerSchemaFields`).
 */
import {
  type DocumentNode,
  execute,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  Kind,
  type OperationDefinitionNode,
} from 'graphql'
import { collectFields } from 'graphql/execution/collectFields.mjs'
import type { Table } from './catalog.ts'
import { CHECK_FAILED } from './compile/mutation.ts'
import type { CheckFailure } from './compile/nested-insert.ts'
import type { Sql } from './database.ts'
import { HasuraError } from './errors.ts'
import { JsonText } from './json-text.ts'
import { checkRootFields, type Limits } from './limits.ts'
import type { Pacer } from './pacer.ts'
import { asHasuraError } from './pg-errors.ts'
import { rootPlan } from './root-fields/index.ts'
import type { CompiledRootField, Statement } from './root-fields/root-field.ts'

export interface Operation {
  schema: GraphQLSchema
  document: DocumentNode
  operation: OperationDefinitionNode
  /** Coerced variable values. */
  variables: Record<string, unknown>
  session: Record<string, string>
  role: string
  tables: Map<string, Table>
  collapseNulls: boolean
}

/** A root field to answer: its response key, its nodes and, unless graphql-js answers it (introspection), its SQL. */
export interface RootField {
  key: string
  nodes: readonly FieldNode[]
  compiled?: CompiledRootField
}

export async function compileRootFields(op: Operation, limits: Limits, pacer: Pacer): Promise<RootField[]> {
  const { schema, document, operation, variables } = op
  const rootType = schema.getRootType(operation.operation) as GraphQLObjectType
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  )
  const collected = collectFields(schema, fragments, variables, rootType, operation.selectionSet)
  checkRootFields(collected.size, limits)
  const roots: RootField[] = []
  for (const [key, nodes] of collected) {
    await pacer.checkpoint()
    const node = nodes[0] as FieldNode
    const field = rootType.getFields()[node.name.value]
    const plan = field && rootPlan(field)
    if (!field || !plan) {
      roots.push({ key, nodes })
      continue
    }
    try {
      const compiled = plan.compile({
        sel: { schema, fragments, variables, nodes, type: getNamedType(field.type) as GraphQLObjectType },
        args: getArgumentValues(field, node, variables),
        key,
        session: op.session,
        role: op.role,
        tables: op.tables,
        collapseNulls: op.collapseNulls,
        relationshipDepth: limits.relationshipDepth,
      })
      roots.push({ key, nodes, compiled })
    } catch (error) {
      throw asHasuraError(error, `$.selectionSet.${key}`)
    }
  }
  return roots
}

/** Every statement's session parameters bound to `bound(name)`; the statements are never changed in place. */
function rebind(roots: RootField[], bound: (name: string) => string | undefined): RootField[] {
  const statement = (s: Statement): Statement => {
    if (s.fromSession.length === 0) return s
    const params = [...s.params]
    for (const [index, name] of s.fromSession) params[index] = bound(name)
    return { ...s, params }
  }
  return roots.map((root) =>
    root.compiled
      ? { ...root, compiled: { ...root.compiled, statements: root.compiled.statements.map(statement) } }
      : root,
  )
}

/** Compiled root fields to keep for later requests (`engine.ts`): the session's values taken out. */
export const withoutSession = (roots: RootField[]): RootField[] => rebind(roots, () => undefined)

/** Kept root fields with this session's values where the compiling session's were. */
export const withSession = (roots: RootField[], session: Record<string, string>): RootField[] =>
  rebind(roots, (name) => session[name])

async function answer(sql: Sql, compiled: CompiledRootField, pacer: Pacer): Promise<unknown> {
  const answers: unknown[] = []
  for (const statement of compiled.statements) {
    await pacer.checkpoint()
    let rows: { root: string | null; check?: boolean | string | null }[]
    try {
      ;({ rows } = await sql.statement<{ root: string | null; check?: boolean | string | null }>(
        statement.sql,
        statement.params,
      ))
    } catch (error) {
      throw asHasuraError(error, compiled.errorPath)
    }
    const row = rows[0]
    // `check` is a boolean, or a nested insert's json `CheckFailure` (as its text, like every json column).
    const checked = statement.checked ? row?.check : undefined
    const check: boolean | CheckFailure | null | undefined = typeof checked === 'string' ? JSON.parse(checked) : checked
    if (check === false) {
      throw new HasuraError('permission-error', CHECK_FAILED, compiled.errorPath)
    }
    if (check && typeof check === 'object') throw new HasuraError(check.code, check.message, check.path)
    // Every root column is json, answered as its text; a statement that found nothing answers null.
    answers.push(typeof row?.root === 'string' ? new JsonText(row.root) : (row?.root ?? null))
  }
  return compiled.list ? answers : answers[0]
}

/** The answers of the compiled root fields, by response key. */
export async function answerRootFields(sql: Sql, roots: RootField[], pacer: Pacer): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {}
  for (const { key, compiled } of roots) if (compiled) values[key] = await answer(sql, compiled, pacer)
  return values
}

/**
 * The root fields that are not a table's — `__schema`, `__type`, `__typename`, `no_queries_available` (`""`) —
 * answered by graphql-js from the role's schema, as one operation of just those fields.
 */
export function answerSchemaFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  roots: RootField[],
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const left = roots.filter((root) => !root.compiled)
  if (left.length === 0) return {}
  const only: OperationDefinitionNode = {
    ...operation,
    selectionSet: { kind: Kind.SELECTION_SET, selections: left.flatMap((root) => root.nodes) },
  }
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
  const result = execute({
    schema,
    document: { kind: Kind.DOCUMENT, definitions: [only, ...fragments] },
    variableValues: variables,
    rootValue: { no_queries_available: '' },
  })
  if ('then' in result) throw new HasuraError('unexpected', 'unexpected asynchronous execution')
  if (result.errors?.length) throw asHasuraError(result.errors[0], '$')
  return result.data ?? {}
}
