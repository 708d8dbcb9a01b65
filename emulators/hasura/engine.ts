/**
 * Runs one GraphQL request for an authenticated session: parse → validate against the role's schema → coerce
 * variables → execute, every root field as one SQL statement. Mutations of one request share a transaction that
 * any error rolls back; an errored request answers only `{"errors": [...]}` (specs/hasura.md §3.3).
 */
import {
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
} from 'graphql'
import type { Session } from './auth.ts'
import type { Table } from './catalog.ts'
import type { Database, DatabaseError, Sql } from './database.ts'
import { type GraphQLErrorBody, HasuraError, toBody } from './errors.ts'
import { fromDatabaseError } from './pg-errors.ts'
import { rootPlan } from './root-fields/index.ts'
import { buildRoleSchema } from './schema.ts'
import { fromValidationError } from './validation-errors.ts'

export interface GraphQLRequest {
  query: string
  variables?: Record<string, unknown> | null
  operationName?: string | null
}

export type GraphQLResponse = { data: Record<string, unknown> } | GraphQLErrorBody

interface Context {
  sql: Sql
  session: Session
}

/** A bounded map: the oldest entry goes when full (parsed documents and role schemas are reused across requests). */
class Cache<V> extends Map<string, V> {
  readonly limit: number
  constructor(limit: number) {
    super()
    this.limit = limit
  }
  remember(key: string, make: () => V): V {
    let value = this.get(key)
    if (value === undefined) {
      value = make()
      if (this.size >= this.limit) this.delete(this.keys().next().value as string)
      this.set(key, value)
    }
    return value
  }
}

export interface Engine {
  run(request: GraphQLRequest, session: Session, backendOnly?: boolean): Promise<GraphQLResponse>
  schemaFor(role: string, backendOnly?: boolean): GraphQLSchema
}

function asHasuraError(error: unknown, path: string): HasuraError {
  if (error instanceof HasuraError) return error
  if (error instanceof GraphQLError && error.originalError) return asHasuraError(error.originalError, path)
  if (error && typeof error === 'object' && 'code' in error && typeof (error as DatabaseError).code === 'string') {
    return fromDatabaseError(error as DatabaseError, path)
  }
  return new HasuraError('unexpected', 'unexpected error', path)
}

export function createEngine(db: Database, tableList: Table[]): Engine {
  const tables = new Map(tableList.map((t) => [`${t.schema}.${t.name}`, t]))
  const schemas = new Cache<GraphQLSchema>(100)
  const documents = new Cache<DocumentNode | HasuraError>(1000)
  const validated = new Cache<HasuraError | null>(2000)

  const schemaFor = (role: string, backendOnly = false) =>
    schemas.remember(`${role}|${backendOnly}`, () => buildRoleSchema(tableList, role, backendOnly))

  const fieldResolver: GraphQLFieldResolver<unknown, Context> = async (source, args, context, info) => {
    const field = info.parentType.getFields()[info.fieldName]
    const plan = source === undefined && field ? rootPlan(field) : undefined
    if (!plan) {
      if (info.fieldName === 'no_queries_available') return ''
      return (source as Record<string, unknown>)[info.path.key as string]
    }
    const compiled = plan.compile({
      sel: {
        schema: info.schema,
        fragments: info.fragments,
        variables: info.variableValues,
        nodes: info.fieldNodes,
        type: getNamedType(info.returnType) as GraphQLObjectType,
      },
      args,
      key: info.path.key as string,
      session: context.session.variables,
      tables,
    })
    const answers: unknown[] = []
    for (const statement of compiled.statements) {
      let rows: { root: unknown; check?: boolean }[]
      try {
        ;({ rows } = await context.sql.query<{ root: unknown; check?: boolean }>(statement.sql, statement.params))
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

  async function run(request: GraphQLRequest, session: Session, backendOnly = false): Promise<GraphQLResponse> {
    const schema = schemaFor(session.role, backendOnly)
    const document = documents.remember(request.query, () => {
      try {
        return parse(request.query)
      } catch {
        return new HasuraError('validation-failed', 'not a valid graphql query', '$.query')
      }
    })
    if (document instanceof HasuraError) return toBody(document)
    const invalid = validated.remember(`${session.role}|${backendOnly}|${request.query}`, () => {
      const [first] = validate(schema, document)
      return first ? fromValidationError(schema, document, first) : null
    })
    if (invalid) return toBody(invalid)

    const operation = getOperationAST(document, request.operationName ?? undefined)
    if (!operation) {
      return toBody(
        new HasuraError(
          'validation-failed',
          request.operationName
            ? `no such operation found in the document: "${request.operationName}"`
            : 'exactly one operation has to be present in the document when operationName is not specified',
        ),
      )
    }
    if (operation.operation !== 'query' && !schema.getRootType(operation.operation)) {
      return toBody(new HasuraError('validation-failed', `no ${operation.operation}s exist`))
    }
    const variables = request.variables ?? {}
    const defined = new Set(operation.variableDefinitions?.map((d) => d.variable.name.value) ?? [])
    const unexpected = Object.keys(variables).filter((name) => !defined.has(name))
    if (unexpected.length > 0) {
      return toBody(
        new HasuraError('validation-failed', `unexpected variables in variableValues: ${unexpected.join(', ')}`),
      )
    }
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 })
    if (coerced.errors) return toBody(fromValidationError(schema, document, coerced.errors[0] as GraphQLError))

    const executeWith = async (sql: Sql) => {
      const result = await execute({
        schema,
        document,
        operationName: request.operationName ?? undefined,
        variableValues: variables,
        contextValue: { sql, session } satisfies Context,
        fieldResolver,
      })
      if (result.errors?.length) throw asHasuraError(result.errors[0], '$')
      return result.data as Record<string, unknown>
    }
    try {
      if (operation.operation === 'mutation') {
        return { data: await db.transaction(executeWith) }
      }
      return { data: await executeWith(db) }
    } catch (error) {
      return toBody(asHasuraError(error, '$'))
    }
  }

  return { run, schemaFor }
}
