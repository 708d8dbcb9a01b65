/**
 * Runs one GraphQL request for an authenticated session: parse → validate against the role's schema → coerce
 * variables → compile every root field to SQL → run the statements → shape the answer. Mutations of one request share
 * a transaction that any error rolls back; an errored request answers only `{"errors": [...]}` (specs/hasura.md §3.3).
 * Root fields run one after the other, with the event loop given a turn between them (`pacer.ts`), within the bounds
 * of `limits.ts`.
 */
import {
  type DocumentNode,
  execute,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql'
import { collectFields } from 'graphql/execution/collectFields.mjs'
import type { Session } from './auth.ts'
import { BoundedCache, hashKey } from './bounded-cache.ts'
import type { Table } from './catalog.ts'
import type { Database, DatabaseError, Sql } from './database.ts'
import { type GraphQLErrorBody, HasuraError, toBody } from './errors.ts'
import {
  checkQueryText,
  checkRootFields,
  checkSelections,
  checkVariables,
  DEFAULT_LIMITS,
  type Limits,
} from './limits.ts'
import { createPacer, type Pacer } from './pacer.ts'
import { fromDatabaseError } from './pg-errors.ts'
import { rootPlan } from './root-fields/index.ts'
import type { CompiledRootField } from './root-fields/root-field.ts'
import { buildRoleSchema } from './schema.ts'
import { fromValidationError } from './validation-errors.ts'

export interface GraphQLRequest {
  query: string
  variables?: Record<string, unknown> | null
  operationName?: string | null
}

export type GraphQLResponse = { data: Record<string, unknown> } | GraphQLErrorBody

export interface EngineOptions {
  /** HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE */
  collapseNulls?: boolean
  limits?: Limits
}

export interface Engine {
  run(request: GraphQLRequest, session: Session, backendOnly?: boolean, pacer?: Pacer): Promise<GraphQLResponse>
  schemaFor(role: string, backendOnly?: boolean): GraphQLSchema
  /** How full the caches are: parsed documents, validation results, role schemas. */
  caches(): Record<'documents' | 'validated' | 'schemas', { size: number; bytes: number }>
}

function asHasuraError(error: unknown, path: string): HasuraError {
  if (error instanceof HasuraError) return error
  if (error instanceof GraphQLError && error.originalError) return asHasuraError(error.originalError, path)
  if (error && typeof error === 'object' && 'code' in error && typeof (error as DatabaseError).code === 'string') {
    return fromDatabaseError(error as DatabaseError, path)
  }
  // Never a stack trace on the wire; the console gets the detail, as Hasura's log does.
  console.error('[hasura] unexpected error:', error)
  return new HasuraError('unexpected', 'unexpected error', path)
}

/** Heap a cached role schema or parsed document takes, measured on graphql-js 16: per schema field, per character. */
const BYTES_PER_SCHEMA_FIELD = 560
const BYTES_PER_QUERY_CHARACTER = 32

function schemaBytes(schema: GraphQLSchema): number {
  let fields = 0
  for (const type of Object.values(schema.getTypeMap())) {
    if ('getFields' in type) fields += Object.keys(type.getFields()).length
  }
  return fields * BYTES_PER_SCHEMA_FIELD
}

/** One root field to answer: its response key and, unless graphql-js answers it itself, its compiled SQL. */
interface RootField {
  key: string
  compiled?: CompiledRootField
}

export function createEngine(db: Database, tableList: Table[], options: EngineOptions = {}): Engine {
  const limits = options.limits ?? DEFAULT_LIMITS
  const collapseNulls = options.collapseNulls ?? false
  const tables = new Map(tableList.map((t) => [`${t.schema}.${t.name}`, t]))
  const schemas = new BoundedCache<GraphQLSchema>(16 * 1024 * 1024, 100)
  const documents = new BoundedCache<DocumentNode | HasuraError>(32 * 1024 * 1024, 1000)
  const validated = new BoundedCache<HasuraError | null>(1024 * 1024, 4000)

  const schemaFor = (role: string, backendOnly = false) =>
    schemas.remember(
      hashKey(role, String(backendOnly)),
      () => buildRoleSchema(tableList, role, backendOnly),
      schemaBytes,
    )

  function parsed(query: string, queryKey: string): DocumentNode {
    const document = documents.remember(
      queryKey,
      () => {
        try {
          return parse(query, { noLocation: true })
        } catch {
          return new HasuraError('validation-failed', 'not a valid graphql query', '$.query')
        }
      },
      () => query.length * BYTES_PER_QUERY_CHARACTER,
    )
    if (document instanceof HasuraError) throw document
    return document
  }

  /** Compiles the operation's root fields, in order; introspection fields are left to graphql-js. */
  function compileRootFields(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    session: Session,
  ): { key: string; field: FieldNode; compile: () => CompiledRootField | undefined }[] {
    const rootType = schema.getRootType(operation.operation) as GraphQLObjectType
    const fragments = Object.fromEntries(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    )
    const collected = collectFields(schema, fragments, variables, rootType, operation.selectionSet)
    checkRootFields(collected.size, limits)
    return [...collected].map(([key, nodes]) => {
      const node = nodes[0] as FieldNode
      const field = rootType.getFields()[node.name.value]
      const plan = field && rootPlan(field)
      return {
        key,
        field: node,
        compile: () => {
          if (!field || !plan) return undefined
          return plan.compile({
            sel: { schema, fragments, variables, nodes, type: getNamedType(field.type) as GraphQLObjectType },
            args: getArgumentValues(field, node, variables),
            key,
            session: session.variables,
            tables,
            collapseNulls,
          })
        },
      }
    })
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

  async function run(
    request: GraphQLRequest,
    session: Session,
    backendOnly = false,
    pacer = createPacer(),
  ): Promise<GraphQLResponse> {
    try {
      checkQueryText(request.query, limits)
      const queryKey = hashKey(request.query)
      const document = parsed(request.query, queryKey)
      checkSelections(document, limits)
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

      // Every root field is compiled before any runs: a bad argument anywhere fails the request before it writes.
      const roots: RootField[] = []
      for (const root of compileRootFields(schema, document, operation, coerced.coerced, session)) {
        await pacer.checkpoint()
        try {
          roots.push({ key: root.key, compiled: root.compile() })
        } catch (error) {
          throw asHasuraError(error, `$.selectionSet.${root.key}`)
        }
      }
      const runAll = async (sql: Sql) => {
        if (operation.operation === 'mutation') {
          // Triggers read the session as Hasura sets it (`setHeadersTx`, specs/hasura.md §3.3).
          await sql.query("SELECT set_config('hasura.user', $1, true)", [JSON.stringify(session.variables)])
        }
        const rootValue: Record<string, unknown> = {}
        for (const { key, compiled } of roots) {
          rootValue[key] = compiled ? await answer(sql, compiled, pacer) : ''
        }
        return rootValue
      }
      const rootValue = operation.operation === 'mutation' ? await db.transaction(runAll) : await runAll(db)
      await pacer.checkpoint()
      // graphql-js shapes the answer (selection order, aliases, __typename, introspection) from the root values.
      const result = execute({
        schema,
        document,
        operationName: request.operationName ?? undefined,
        variableValues: variables,
        rootValue,
        fieldResolver: (source, _args, _context, info) => (source as Record<string, unknown>)[info.path.key as string],
      })
      if ('then' in result) throw new HasuraError('unexpected', 'unexpected asynchronous execution')
      if (result.errors?.length) throw asHasuraError(result.errors[0], '$')
      return { data: result.data as Record<string, unknown> }
    } catch (error) {
      return toBody(asHasuraError(error, '$'))
    }
  }

  const stats = (cache: BoundedCache<unknown>) => ({ size: cache.size, bytes: cache.bytes })
  return {
    run,
    schemaFor,
    caches: () => ({ documents: stats(documents), validated: stats(validated), schemas: stats(schemas) }),
  }
}
