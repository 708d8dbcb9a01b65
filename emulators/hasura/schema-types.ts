/**
 * The types every table shares in one role's schema (specs/hasura.md §3.1): the scalars of Postgres column types,
 * `<Scalar>_comparison_exp` and the `order_by` enum. graphql-js wants one instance per name in a schema, so they are
 * made once per schema and handed to each table's types.
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  type GraphQLEnumValueConfigMap,
  GraphQLFloat,
  type GraphQLInputFieldConfigMap,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  GraphQLString,
  valueFromASTUntyped,
} from 'graphql'
import type { Column } from './catalog.ts'

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
const TEXT_OPERATORS: [string, string][] = [
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
/** Types with Postgres `max`/`min` that Hasura offers in `<t>_max_fields` (`isComparableType`; not json, bool, uuid). */
const COMPARABLE = new Set([
  ...NUMERIC,
  'text',
  'varchar',
  'bpchar',
  'citext',
  'name',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
  'money',
])

/** The GraphQL scalar name Hasura gives a Postgres type (`text` → `String`, `uuid` → `uuid`). */
export function scalarName(pgType: string): string {
  return SCALAR_OF_PG[pgType] ?? pgType
}

export const isNumeric = (column: Column): boolean => NUMERIC.has(column.pgType)
export const isComparable = (column: Column): boolean => COMPARABLE.has(column.pgType)

/** Names in code-point order (`Z` before `_` before `a`), as Hasura's introspection sorts them (`sortOn dName`). */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const sortedByName = <T extends { name: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => byName(a.name, b.name))

export const sortedFields = <T>(fields: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(fields).sort(([a], [b]) => byName(a, b)))

/** `"column name"` enum values, as `<t>_select_column` and `<t>_update_column` list them. */
export const columnValues = (columns: Column[]): GraphQLEnumValueConfigMap =>
  Object.fromEntries(sortedByName(columns).map((c) => [c.name, { value: c.name, description: 'column name' }]))

export class SchemaTypes {
  readonly #scalars = new Map<string, GraphQLScalarType>()
  readonly #comparisons = new Map<string, GraphQLInputObjectType>()
  #orderBy?: GraphQLEnumType

  scalar(pgType: string): GraphQLScalarType {
    const name = scalarName(pgType)
    const builtin = BUILTIN[name]
    if (builtin) return builtin
    let type = this.#scalars.get(name)
    if (!type) {
      // Values pass through to Postgres, which casts (and refuses) them as the column's type.
      type = new GraphQLScalarType({
        name,
        parseValue: (value) => value,
        parseLiteral: (ast, vars) => valueFromASTUntyped(ast, vars),
      })
      this.#scalars.set(name, type)
    }
    return type
  }

  comparison(pgType: string): GraphQLInputObjectType {
    const name = scalarName(pgType)
    let type = this.#comparisons.get(name)
    if (!type) {
      const s = this.scalar(pgType)
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
        fields: sortedFields(fields),
      })
      this.#comparisons.set(name, type)
    }
    return type
  }

  orderBy(): GraphQLEnumType {
    this.#orderBy ??= new GraphQLEnumType({
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
    return this.#orderBy
  }
}
