/**
 * The per-role GraphQL schema Hasura generates from metadata (specs/hasura.md §3): every registered root-field kind
 * adds its fields for every table, as the role sees it. What a role may not use does not exist in its schema — also
 * for introspection. Each root field carries its compiler in `extensions.hasura` (see `root-fields/`).
 */
import { type GraphQLFieldConfigMap, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql'
import { tableKey } from '../../lib/hasura-schema.ts'
import type { Table } from './catalog.ts'
import type { QualifiedTable } from './metadata.ts'
import { roleTable } from './role-permissions.ts'
import { ROOT_FIELD_KINDS } from './root-fields/index.ts'
import type { RootFieldPlan } from './root-fields/root-field.ts'
import { SchemaTypes, sortedFields } from './schema-types.ts'
import { TableTypes } from './table-types.ts'

type FieldMap = GraphQLFieldConfigMap<unknown, unknown>

/** Builds the schema one role sees. Types are made per schema, as graphql-js wants unique instances. */
export function buildRoleSchema(tables: Table[], role: string, backendOnly = false): GraphQLSchema {
  const types = new SchemaTypes()
  const roots: Record<'query' | 'mutation', FieldMap> = { query: {}, mutation: {} }
  const byName = new Map<string, TableTypes>()
  const related = (t: QualifiedTable) => byName.get(tableKey(t))
  for (const table of tables) {
    byName.set(tableKey(table), new TableTypes(table, roleTable(table, role, backendOnly), types, related))
  }
  for (const t of byName.values()) {
    for (const kind of ROOT_FIELD_KINDS) {
      for (const [name, { compile, ...config }] of Object.entries(kind.fields(t))) {
        roots[kind.operation][name] = { ...config, extensions: { hasura: { compile } satisfies RootFieldPlan } }
      }
    }
  }
  if (Object.keys(roots.query).length === 0) {
    roots.query.no_queries_available = {
      type: new GraphQLNonNull(GraphQLString),
      description:
        "There are no queries available to the current role. Either there are no sources or remote schemas configured, or the current role doesn't have the required permissions.",
    }
  }
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'query_root', fields: sortedFields(roots.query) }),
    mutation:
      Object.keys(roots.mutation).length > 0
        ? new GraphQLObjectType({
            name: 'mutation_root',
            description: 'mutation root',
            fields: sortedFields(roots.mutation),
          })
        : undefined,
  })
}
