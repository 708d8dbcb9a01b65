/**
 * The per-role GraphQL schema Hasura generates from metadata (specs/hasura.md §3): names, arguments, input types and
 * descriptions as Hasura writes them. What a role may not use does not exist in its schema — also for introspection.
 * Each root field carries its plan in `extensions.hasura`; `execute.ts` compiles it to SQL.
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  type GraphQLEnumValueConfigMap,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  GraphQLFloat,
  type GraphQLInputFieldConfigMap,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  valueFromASTUntyped,
} from 'graphql'
import type { Column, Table } from './catalog.ts'
import { type RoleTable, roleTable } from './role-permissions.ts'

export type RootFieldKind =
  | 'select'
  | 'select_by_pk'
  | 'select_aggregate'
  | 'insert'
  | 'insert_one'
  | 'update'
  | 'update_by_pk'
  | 'delete'
  | 'delete_by_pk'

export interface RootFieldPlan {
  kind: RootFieldKind
  role: RoleTable
}

const BUILTIN: Record<string, GraphQLScalarType> = {
  String: GraphQLString,
  Int: GraphQLInt,
  Boolean: GraphQLBoolean,
  Float: GraphQLFloat,
}
const SCALAR_OF_PG: Record<string, string> = {
  text: 'String',
  varchar: 'String',
  bpchar: 'String',
  name: 'String',
  citext: 'String',
  int2: 'Int',
  int4: 'Int',
  bool: 'Boolean',
  float4: 'Float',
  int8: 'bigint',
}
const TEXT_OPERATORS: [string, string | undefined][] = [
  ['_ilike', 'does the column match the given case-insensitive pattern'],
  ['_iregex', 'does the column match the given POSIX regular expression, case insensitive'],
  ['_like', 'does the column match the given pattern'],
  ['_nilike', 'does the column NOT match the given case-insensitive pattern'],
  ['_niregex', 'does the column NOT match the given POSIX regular expression, case insensitive'],
  ['_nlike', 'does the column NOT match the given pattern'],
  ['_nregex', 'does the column NOT match the given POSIX regular expression, case sensitive'],
  ['_nsimilar', 'does the column NOT match the given SQL regular expression'],
  ['_regex', 'does the column match the given POSIX regular expression, case sensitive'],
  ['_similar', 'does the column match the given SQL regular expression'],
]
const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric'])
/** Postgres aggregate functions of the same names back these fields. */
const STATISTICS = ['avg', 'stddev', 'stddev_pop', 'stddev_samp', 'var_pop', 'var_samp', 'variance']

export function scalarName(pgType: string): string {
  return SCALAR_OF_PG[pgType] ?? pgType
}

const sortedByName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name))

/** Builds the schema one role sees. Types are made per schema, as graphql-js wants unique instances. */
export function buildRoleSchema(tables: Table[], role: string, backendOnly = false): GraphQLSchema {
  const scalars = new Map<string, GraphQLScalarType>()
  const scalar = (pgType: string): GraphQLScalarType => {
    const name = scalarName(pgType)
    const builtin = BUILTIN[name]
    if (builtin) return builtin
    let type = scalars.get(name)
    if (!type) {
      type = new GraphQLScalarType({ name, parseLiteral: (ast, vars) => valueFromASTUntyped(ast, vars) })
      scalars.set(name, type)
    }
    return type
  }
  const comparisons = new Map<string, GraphQLInputObjectType>()
  const comparison = (pgType: string): GraphQLInputObjectType => {
    const name = scalarName(pgType)
    let type = comparisons.get(name)
    if (!type) {
      const s = scalar(pgType)
      const fields: GraphQLInputFieldConfigMap = {
        _eq: { type: s },
        _gt: { type: s },
        _gte: { type: s },
        _in: { type: new GraphQLList(new GraphQLNonNull(s)) },
        _is_null: { type: GraphQLBoolean },
        _lt: { type: s },
        _lte: { type: s },
        _neq: { type: s },
        _nin: { type: new GraphQLList(new GraphQLNonNull(s)) },
      }
      if (name === 'String') {
        for (const [op, description] of TEXT_OPERATORS) fields[op] = { type: s, description }
      }
      type = new GraphQLInputObjectType({
        name: `${name}_comparison_exp`,
        description: `Boolean expression to compare columns of type "${name}". All fields are combined with logical 'AND'.`,
        fields: Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))),
      })
      comparisons.set(name, type)
    }
    return type
  }
  let orderBy: GraphQLEnumType | undefined
  const orderByEnum = () => {
    orderBy ??= new GraphQLEnumType({
      name: 'order_by',
      description: 'column ordering options',
      values: {
        asc: { value: 'ASC NULLS LAST', description: 'in ascending order, nulls last' },
        asc_nulls_first: { value: 'ASC NULLS FIRST', description: 'in ascending order, nulls first' },
        asc_nulls_last: { value: 'ASC NULLS LAST', description: 'in ascending order, nulls last' },
        desc: { value: 'DESC NULLS FIRST', description: 'in descending order, nulls first' },
        desc_nulls_first: { value: 'DESC NULLS FIRST', description: 'in descending order, nulls first' },
        desc_nulls_last: { value: 'DESC NULLS LAST', description: 'in descending order, nulls last' },
      },
    })
    return orderBy
  }
  const columnValues = (columns: Column[]): GraphQLEnumValueConfigMap =>
    Object.fromEntries(sortedByName(columns).map((c) => [c.name, { value: c.name, description: 'column name' }]))

  const query: GraphQLFieldConfigMap<unknown, unknown> = {}
  const mutation: GraphQLFieldConfigMap<unknown, unknown> = {}

  for (const table of tables) {
    const perms = roleTable(table, role, backendOnly)
    const t = table.graphqlName
    const quoted = `"${table.displayName}"`
    const plan = (kind: RootFieldKind) => ({ hasura: { kind, role: perms } satisfies RootFieldPlan })
    const selectable = perms.select?.columns ?? []
    const pk = table.primaryKey
    const pkSelectable = !!pk?.columns.every((c) => selectable.some((s) => s.name === c))
    const pkColumns = pk ? pk.columns.map((name) => table.columns.find((c) => c.name === name) as Column) : []

    const objectType = new GraphQLObjectType({
      name: t,
      description: `columns and relationships of ${quoted}`,
      fields: () =>
        Object.fromEntries(
          selectable.map((c) => [
            c.name,
            { type: c.nullable ? scalar(c.pgType) : new GraphQLNonNull(scalar(c.pgType)) } as GraphQLFieldConfig<
              unknown,
              unknown
            >,
          ]),
        ),
    })
    const boolExp: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${t}_bool_exp`,
      description: `Boolean expression to filter rows from the table ${quoted}. All fields are combined with a logical 'AND'.`,
      fields: () => ({
        _and: { type: new GraphQLList(new GraphQLNonNull(boolExp)) },
        _not: { type: boolExp },
        _or: { type: new GraphQLList(new GraphQLNonNull(boolExp)) },
        ...Object.fromEntries(sortedByName(selectable).map((c) => [c.name, { type: comparison(c.pgType) }])),
      }),
    })
    const whereArg = { where: { type: boolExp, description: 'filter the rows returned' } }

    if (perms.select && selectable.length > 0) {
      const selectColumn = new GraphQLEnumType({
        name: `${t}_select_column`,
        description: `select columns of table ${quoted}`,
        values: columnValues(selectable),
      })
      const orderInput = new GraphQLInputObjectType({
        name: `${t}_order_by`,
        description: `Ordering options when selecting data from ${quoted}.`,
        fields: Object.fromEntries(sortedByName(selectable).map((c) => [c.name, { type: orderByEnum() }])),
      })
      const listArgs = {
        distinct_on: {
          type: new GraphQLList(new GraphQLNonNull(selectColumn)),
          description: 'distinct select on columns',
        },
        limit: { type: GraphQLInt, description: 'limit the number of rows returned' },
        offset: { type: GraphQLInt, description: 'skip the first n rows. Use only with order_by' },
        order_by: {
          type: new GraphQLList(new GraphQLNonNull(orderInput)),
          description: 'sort the rows by one or more columns',
        },
        ...whereArg,
      }
      query[t] = {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(objectType))),
        description: `fetch data from the table: ${quoted}`,
        args: listArgs,
        extensions: plan('select'),
      }
      if (perms.select.aggregations) {
        // One object per aggregate function, named and typed as Hasura does: the statistical ones (and sum) exist
        // only over numeric columns; avg and the like answer Float, max/min/sum the column's own type.
        const numeric = selectable.filter((c) => NUMERIC.has(c.pgType))
        const fieldsOf = (kind: string, columns: Column[], type: (c: Column) => GraphQLScalarType) =>
          new GraphQLObjectType({
            name: `${t}_${kind}_fields`,
            description: `aggregate ${kind} on columns`,
            fields: Object.fromEntries(columns.map((c) => [c.name, { type: type(c) }])),
          })
        const statistics = numeric.length
          ? Object.fromEntries([
              ...STATISTICS.map((kind) => [kind, { type: fieldsOf(kind, numeric, () => GraphQLFloat) }]),
              ['sum', { type: fieldsOf('sum', numeric, (c) => scalar(c.pgType)) }],
            ])
          : {}
        const aggregateFields = new GraphQLObjectType({
          name: `${t}_aggregate_fields`,
          description: `aggregate fields of ${quoted}`,
          fields: {
            count: {
              type: new GraphQLNonNull(GraphQLInt),
              args: {
                columns: { type: new GraphQLList(new GraphQLNonNull(selectColumn)) },
                distinct: { type: GraphQLBoolean },
              },
            },
            max: { type: fieldsOf('max', selectable, (c) => scalar(c.pgType)) },
            min: { type: fieldsOf('min', selectable, (c) => scalar(c.pgType)) },
            ...statistics,
          },
        })
        query[`${t}_aggregate`] = {
          type: new GraphQLNonNull(
            new GraphQLObjectType({
              name: `${t}_aggregate`,
              description: `aggregated selection of ${quoted}`,
              fields: {
                aggregate: { type: aggregateFields },
                nodes: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(objectType))) },
              },
            }),
          ),
          description: `fetch aggregated fields from the table: ${quoted}`,
          args: listArgs,
          extensions: plan('select_aggregate'),
        }
      }
      if (pkSelectable) {
        query[`${t}_by_pk`] = {
          type: objectType,
          description: `fetch data from the table: ${quoted} using primary key columns`,
          args: Object.fromEntries(pkColumns.map((c) => [c.name, { type: new GraphQLNonNull(scalar(c.pgType)) }])),
          extensions: plan('select_by_pk'),
        }
      }
    }

    const canReturn = perms.select !== undefined && selectable.length > 0
    const mutationResponse = new GraphQLObjectType({
      name: `${t}_mutation_response`,
      description: `response of any mutation on the table ${quoted}`,
      fields: {
        affected_rows: { type: new GraphQLNonNull(GraphQLInt), description: 'number of rows affected by the mutation' },
        ...(canReturn
          ? {
              returning: {
                type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(objectType))),
                description: 'data from the rows affected by the mutation',
              },
            }
          : {}),
      },
    })
    const setInput = (columns: Column[]) =>
      new GraphQLInputObjectType({
        name: `${t}_set_input`,
        description: `input type for updating data in table ${quoted}`,
        fields: Object.fromEntries(sortedByName(columns).map((c) => [c.name, { type: scalar(c.pgType) }])),
      })

    if (perms.insert && perms.insert.columns.length > 0) {
      const insertInput = new GraphQLInputObjectType({
        name: `${t}_insert_input`,
        description: `input type for inserting data into table ${quoted}`,
        fields: Object.fromEntries(sortedByName(perms.insert.columns).map((c) => [c.name, { type: scalar(c.pgType) }])),
      })
      const args: Record<string, { type: GraphQLInputType; description?: string }> = {}
      if (table.uniqueConstraints.length > 0) {
        const updateColumns = perms.update?.columns ?? []
        const onConflict = new GraphQLInputObjectType({
          name: `${t}_on_conflict`,
          description: `on_conflict condition type for table ${quoted}`,
          fields: {
            constraint: {
              type: new GraphQLNonNull(
                new GraphQLEnumType({
                  name: `${t}_constraint`,
                  description: `unique or primary key constraints on table ${quoted}`,
                  values: Object.fromEntries(
                    table.uniqueConstraints.map((c) => [
                      c.name,
                      {
                        value: c.name,
                        description: `unique or primary key constraint on columns ${c.columns.map((n) => `"${n}"`).join(', ')}`,
                      },
                    ]),
                  ),
                }),
              ),
            },
            update_columns: {
              type: new GraphQLNonNull(
                new GraphQLList(
                  new GraphQLNonNull(
                    new GraphQLEnumType({
                      name: `${t}_update_column`,
                      description:
                        updateColumns.length > 0
                          ? `update columns of table ${quoted}`
                          : `placeholder for update columns of table ${quoted} (current role has no relevant permissions)`,
                      values:
                        updateColumns.length > 0
                          ? columnValues(updateColumns)
                          : { _PLACEHOLDER: { value: '_PLACEHOLDER', description: 'placeholder (do not use)' } },
                    }),
                  ),
                ),
              ),
              defaultValue: [],
            },
            where: { type: boolExp },
          },
        })
        args.on_conflict = { type: onConflict, description: 'upsert condition' }
      }
      mutation[`insert_${t}`] = {
        type: mutationResponse,
        description: `insert data into the table: ${quoted}`,
        args: {
          objects: {
            type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(insertInput))),
            description: 'the rows to be inserted',
          },
          ...args,
        },
        extensions: plan('insert'),
      }
      if (canReturn) {
        mutation[`insert_${t}_one`] = {
          type: objectType,
          description: `insert a single row into the table: ${quoted}`,
          args: { object: { type: new GraphQLNonNull(insertInput), description: 'the row to be inserted' }, ...args },
          extensions: plan('insert_one'),
        }
      }
    }

    if (perms.update && perms.update.columns.length > 0) {
      const set = setInput(perms.update.columns)
      const numeric = perms.update.columns.filter((c) => NUMERIC.has(c.pgType))
      const inc: GraphQLFieldConfigArgumentMap = numeric.length
        ? {
            _inc: {
              type: new GraphQLInputObjectType({
                name: `${t}_inc_input`,
                description: `input type for incrementing numeric columns in table ${quoted}`,
                fields: Object.fromEntries(numeric.map((c) => [c.name, { type: scalar(c.pgType) }])),
              }),
              description: 'increments the numeric columns with given value of the filtered values',
            },
          }
        : {}
      mutation[`update_${t}`] = {
        type: mutationResponse,
        description: `update data of the table: ${quoted}`,
        args: {
          ...inc,
          _set: { type: set, description: 'sets the columns of the filtered rows to the given values' },
          where: { type: new GraphQLNonNull(boolExp), description: 'filter the rows which have to be updated' },
        },
        extensions: plan('update'),
      }
      if (pk && canReturn && pkSelectable) {
        mutation[`update_${t}_by_pk`] = {
          type: objectType,
          description: `update single row of the table: ${quoted}`,
          args: {
            ...inc,
            _set: { type: set, description: 'sets the columns of the filtered rows to the given values' },
            pk_columns: {
              type: new GraphQLNonNull(
                new GraphQLInputObjectType({
                  name: `${t}_pk_columns_input`,
                  description: `primary key columns input for table: ${table.displayName}`,
                  fields: Object.fromEntries(
                    pkColumns.map((c) => [c.name, { type: new GraphQLNonNull(scalar(c.pgType)) }]),
                  ),
                }),
              ),
            },
          },
          extensions: plan('update_by_pk'),
        }
      }
    }

    if (perms.delete) {
      mutation[`delete_${t}`] = {
        type: mutationResponse,
        description: `delete data from the table: ${quoted}`,
        args: { where: { type: new GraphQLNonNull(boolExp), description: 'filter the rows which have to be deleted' } },
        extensions: plan('delete'),
      }
      if (pk && canReturn && pkSelectable) {
        mutation[`delete_${t}_by_pk`] = {
          type: objectType,
          description: `delete single row from the table: ${quoted}`,
          args: Object.fromEntries(pkColumns.map((c) => [c.name, { type: new GraphQLNonNull(scalar(c.pgType)) }])),
          extensions: plan('delete_by_pk'),
        }
      }
    }
  }

  if (Object.keys(query).length === 0) {
    query.no_queries_available = {
      type: new GraphQLNonNull(GraphQLString),
      description:
        "There are no queries available to the current role. Either there are no sources or remote schemas configured, or the current role doesn't have the required permissions.",
    }
  }
  const sortFields = <T>(fields: Record<string, T>) =>
    Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)))
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'query_root', fields: sortFields(query) }),
    mutation:
      Object.keys(mutation).length > 0
        ? new GraphQLObjectType({ name: 'mutation_root', description: 'mutation root', fields: sortFields(mutation) })
        : undefined,
  })
}

export function rootPlan(field: { extensions: Record<string, unknown> }): RootFieldPlan | undefined {
  return field.extensions.hasura as RootFieldPlan | undefined
}
