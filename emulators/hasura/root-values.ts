/**
 * An operation's root fields: each compiled by the plan its field carries (`root-fields/`), all before any runs, so a
 * bad argument anywhere fails the request before it writes; then run one after another, with the event loop given a
 * turn between statements. Their answers are the root values graphql-js lays out.
 */
import {
  type DocumentNode,
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
import type { Sql } from './database.ts'
import { HasuraError } from './errors.ts'
import { checkRootFields, type Limits } from './limits.ts'
import type { Pacer } from './pacer.ts'
import { asHasuraError } from './pg-errors.ts'
import { rootPlan } from './root-fields/index.ts'
import type { CompiledRootField } from './root-fields/root-field.ts'

export interface Operation {
  schema: GraphQLSchema
  document: DocumentNode
  operation: OperationDefinitionNode
  /** Coerced variable values. */
  variables: Record<string, unknown>
  session: Record<string, string>
  tables: Map<string, Table>
  collapseNulls: boolean
}

/** A root field to answer: its response key and, unless graphql-js answers it (introspection), its SQL. */
export interface RootField {
  key: string
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
      roots.push({ key })
      continue
    }
    try {
      const compiled = plan.compile({
        sel: { schema, fragments, variables, nodes, type: getNamedType(field.type) as GraphQLObjectType },
        args: getArgumentValues(field, node, variables),
        key,
        session: op.session,
        tables: op.tables,
        collapseNulls: op.collapseNulls,
      })
      roots.push({ key, compiled })
    } catch (error) {
      throw asHasuraError(error, `$.selectionSet.${key}`)
    }
  }
  return roots
}

async function answer(sql: Sql, compiled: CompiledRootField, pacer: Pacer): Promise<unknown> {
  const answers: unknown[] = []
  for (const statement of compiled.statements) {
    await pacer.checkpoint()
    let rows: { root: unknown; check?: boolean }[]
    try {
      ;({ rows } = await sql.query<{ root: unknown; check?: boolean }>(statement.sql, statement.params))
    } catch (error) {
      throw asHasuraError(error, compiled.errorPath)
    }
    const row = rows[0]
    if (statement.checked && row?.check === false) {
      throw new HasuraError(
        'permission-error',
        'check constraint of an insert/update permission has failed',
        compiled.errorPath,
      )
    }
    answers.push(row?.root ?? null)
  }
  return compiled.list ? answers : answers[0]
}

/** The root values by response key; `no_queries_available` answers `""`, introspection is left to graphql-js. */
export async function answerRootFields(sql: Sql, roots: RootField[], pacer: Pacer): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {}
  for (const { key, compiled } of roots) values[key] = compiled ? await answer(sql, compiled, pacer) : ''
  return values
}
