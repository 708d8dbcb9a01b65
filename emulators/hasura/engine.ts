/**
 * Runs one GraphQL request for an authenticated session: parse → validate against the role's schema → coerce
 * variables → compile every root field to SQL (or take the kept plan of an operation without variables) and run the
 * statements, each answering its field's JSON (`root-values.ts`) → the data, in the operation's order. Mutations of
 * one request share a transaction that any error rolls back; an errored request answers only `{"errors": [...]}`
 * (specs/hasura.md §3.3). All within the bounds of `limits.ts`, giving the event loop a turn every slice of work
 * (`pacer.ts`). Parsed documents, validation results, role schemas and plans are kept; answers never are.
 */
import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
} from 'graphql'
import { tableKey } from '../../lib/hasura-schema.ts'
import type { Session } from './auth.ts'
import { BoundedCache, hashKey } from './bounded-cache.ts'
import type { Table } from './catalog.ts'
import type { Database, Sql } from './database.ts'
import { type GraphQLErrorBody, HasuraError, toBody } from './errors.ts'
import {
  checkQueryLength,
  checkQueryNesting,
  checkSelections,
  checkVariables,
  DEFAULT_LIMITS,
  type Limits,
} from './limits.ts'
import { createPacer, type Pacer } from './pacer.ts'
import { asHasuraError } from './pg-errors.ts'
import {
  answerRootFields,
  answerSchemaFields,
  compileRootFields,
  type RootField,
  withoutSession,
  withSession,
} from './root-values.ts'
import { buildRoleSchema } from './schema.ts'
import { fromValidationError } from './validation-errors.ts'

export interface GraphQLRequest {
  query: string
  variables?: Record<string, unknown> | null
  operationName?: string | null
}

/** `data` holds each root field's answer: a table's as the `JsonText` Postgres wrote, the others as values. */
export type GraphQLResponse = { data: Record<string, unknown> } | GraphQLErrorBody

export interface EngineOptions {
  /** HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE */
  collapseNulls?: boolean
  limits?: Limits
}

export interface Engine {
  run(request: GraphQLRequest, session: Session, backendOnly?: boolean, pacer?: Pacer): Promise<GraphQLResponse>
  schemaFor(role: string, backendOnly?: boolean): GraphQLSchema
  /** How full the caches are: parsed documents, validation results, role schemas, kept plans. */
  caches(): Record<'documents' | 'validated' | 'schemas' | 'plans', { size: number; bytes: number }>
}

/** Heap a cached role schema or parsed document takes, measured on graphql-js 16: per schema field, per character. */
const BYTES_PER_SCHEMA_FIELD = 560
const BYTES_PER_QUERY_CHARACTER = 32

/** A kept plan's size: its statements' text and constant parameters, as UTF-16. */
function planBytes(roots: RootField[]): number {
  let bytes = 0
  for (const { compiled } of roots) {
    for (const s of compiled?.statements ?? []) bytes += 2 * (s.sql.length + JSON.stringify(s.params).length) + 128
  }
  return bytes
}

const sessionNames = (session: Session) => Object.keys(session.variables).sort()

function schemaBytes(schema: GraphQLSchema): number {
  let fields = 0
  for (const type of Object.values(schema.getTypeMap())) {
    if ('getFields' in type) fields += Object.keys(type.getFields()).length
  }
  return fields * BYTES_PER_SCHEMA_FIELD
}

export function createEngine(db: Database, tableList: Table[], options: EngineOptions = {}): Engine {
  const limits = options.limits ?? DEFAULT_LIMITS
  const collapseNulls = options.collapseNulls ?? false
  const tables = new Map(tableList.map((t) => [tableKey(t), t]))
  const schemas = new BoundedCache<GraphQLSchema>(16 * 1024 * 1024, 100)
  const documents = new BoundedCache<DocumentNode | HasuraError>(32 * 1024 * 1024, 1000)
  const validated = new BoundedCache<HasuraError | null>(1024 * 1024, 4000)
  const plans = new BoundedCache<RootField[]>(8 * 1024 * 1024, 1000)

  const schemaFor = (role: string, backendOnly = false) =>
    schemas.remember(
      hashKey(role, String(backendOnly)),
      () => buildRoleSchema(tableList, role, backendOnly),
      schemaBytes,
    )

  /** The parsed document, or why not: parse errors and the document limits are cached with it. */
  function parsed(query: string, queryKey: string): DocumentNode {
    const document = documents.remember(
      queryKey,
      () => {
        try {
          checkQueryNesting(query, limits)
          const document = parse(query, { noLocation: true })
          checkSelections(document, limits)
          return document
        } catch (error) {
          if (error instanceof HasuraError) return error
          return new HasuraError('validation-failed', 'not a valid graphql query', '$.query')
        }
      },
      (value) => (value instanceof HasuraError ? 256 : query.length * BYTES_PER_QUERY_CHARACTER),
    )
    if (document instanceof HasuraError) throw document
    return document
  }

  async function run(
    request: GraphQLRequest,
    session: Session,
    backendOnly = false,
    pacer = createPacer(),
  ): Promise<GraphQLResponse> {
    try {
      checkQueryLength(request.query, limits)
      const queryKey = hashKey(request.query)
      const document = parsed(request.query, queryKey)
      const schema = schemaFor(session.role, backendOnly)
      await pacer.checkpoint()
      const invalid = validated.remember(
        hashKey(session.role, String(backendOnly), queryKey),
        () => {
          const [first] = validate(schema, document)
          return first ? fromValidationError(schema, document, first) : null
        },
        (error) => 64 + (error ? error.message.length * 2 : 0),
      )
      if (invalid) throw invalid
      await pacer.checkpoint()

      const operation = getOperationAST(document, request.operationName ?? undefined)
      if (!operation) {
        throw new HasuraError(
          'validation-failed',
          request.operationName
            ? `no such operation found in the document: "${request.operationName}"`
            : 'exactly one operation has to be present in the document when operationName is not specified',
        )
      }
      if (operation.operation !== 'query' && !schema.getRootType(operation.operation)) {
        throw new HasuraError('validation-failed', `no ${operation.operation}s exist`)
      }
      const variables = request.variables ?? {}
      const defined = new Set(operation.variableDefinitions?.map((d) => d.variable.name.value) ?? [])
      const unexpected = Object.keys(variables).filter((name) => !defined.has(name))
      if (unexpected.length > 0) {
        throw new HasuraError('validation-failed', `unexpected variables in variableValues: ${unexpected.join(', ')}`)
      }
      checkVariables(variables, limits)
      await pacer.checkpoint()
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 })
      if (coerced.errors) throw fromValidationError(schema, document, coerced.errors[0] as GraphQLError)

      // Without variables, an operation compiles to the same statements for every session that has the same
      // variable names: the values are bound parameters (`Params.fromSession`). Such a plan is kept, as Hasura keeps
      // its query plans, and each request binds its own session's values into it.
      const planKey = operation.variableDefinitions?.length
        ? undefined
        : hashKey(queryKey, session.role, String(backendOnly), request.operationName ?? '', ...sessionNames(session))
      const kept = planKey === undefined ? undefined : plans.get(planKey)
      const roots = kept
        ? withSession(kept, session.variables)
        : await compileRootFields(
            {
              schema,
              document,
              operation,
              variables: coerced.coerced,
              session: session.variables,
              role: session.role,
              tables,
              collapseNulls,
            },
            limits,
            pacer,
          )
      if (planKey !== undefined && !kept && roots.every((root) => root.compiled)) {
        plans.set(planKey, withoutSession(roots), planBytes)
      }
      const runAll = (sql: Sql) => answerRootFields(sql, roots, pacer)
      // A mutation's triggers read the session as Hasura sets it (`setHeadersTx`, specs/hasura.md §3.3).
      const answers =
        operation.operation === 'mutation'
          ? await db.transaction(runAll, { 'hasura.user': JSON.stringify(session.variables) })
          : await runAll(db)
      await pacer.checkpoint()
      const schemaAnswers = answerSchemaFields(schema, document, operation, roots, variables)
      const data: Record<string, unknown> = {}
      for (const { key } of roots) data[key] = key in answers ? answers[key] : schemaAnswers[key]
      return { data }
    } catch (error) {
      return toBody(asHasuraError(error, '$'))
    }
  }

  const stats = (cache: { size: number; bytes: number }) => ({ size: cache.size, bytes: cache.bytes })
  return {
    run,
    schemaFor,
    caches: () => ({
      documents: stats(documents),
      validated: stats(validated),
      schemas: stats(schemas),
      plans: stats(plans),
    }),
  }
}
