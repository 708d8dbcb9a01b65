/**
 * The aggregate types of one table as a role sees it: `<t>_aggregate { aggregate nodes }`, `<t>_aggregate_fields`
 * with one `<t>_<fn>_fields` per aggregate function, and `<t>_aggregate_order_by` with one `<t>_<fn>_order_by` per
 * function (`Hasura/GraphQL/Schema/Select.hs`, `.../OrderBy.hs`). The statistical functions (and `sum`) exist only
 * over numeric columns, `max`/`min` over columns Postgres can order; `avg` and the like answer Float, `max`/`min`/`sum`
 * the column's own type.
 */
import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLScalarType,
} from 'graphql'
import type { Column } from './catalog.ts'
import { byName, isComparable, isNumeric } from './schema-types.ts'
import type { TableTypes } from './table-types.ts'

const STATISTICS = ['avg', 'stddev', 'stddev_pop', 'stddev_samp', 'var_pop', 'var_samp', 'variance']

/** The aggregate functions the table's selectable columns allow, each with the columns it applies to. */
function functions(t: TableTypes): [fn: string, columns: Column[]][] {
  const numeric = t.selectable.filter(isNumeric)
  const comparable = t.selectable.filter(isComparable)
  return [
    ...(comparable.length ? (['max', 'min'] as const).map((fn) => [fn, comparable] as [string, Column[]]) : []),
    ...(numeric.length ? [...STATISTICS, 'sum'].map((fn) => [fn, numeric] as [string, Column[]]) : []),
  ]
}

function aggregateFields(t: TableTypes): GraphQLObjectType {
  const scalar = (c: Column) => t.types.scalar(c.pgType)
  const fieldsOf = (fn: string, columns: Column[]) =>
    new GraphQLObjectType({
      name: `${t.name}_${fn}_fields`,
      description: `aggregate ${fn} on columns`,
      fields: Object.fromEntries(
        columns.map((c) => [
          c.name,
          { type: STATISTICS.includes(fn) ? GraphQLFloat : (scalar(c) as GraphQLScalarType) },
        ]),
      ),
    })
  return new GraphQLObjectType({
    name: `${t.name}_aggregate_fields`,
    description: `aggregate fields of ${t.quoted}`,
    fields: {
      count: {
        type: new GraphQLNonNull(GraphQLInt),
        args: {
          columns: { type: new GraphQLList(new GraphQLNonNull(t.selectColumn())) },
          distinct: { type: GraphQLBoolean },
        },
      },
      ...Object.fromEntries(functions(t).map(([fn, columns]) => [fn, { type: fieldsOf(fn, columns) }])),
    },
  })
}

/** `<t>_aggregate`: the type of `<t>_aggregate` and of every `<rel>_aggregate` that leads to the table. */
export function aggregateType(t: TableTypes): GraphQLObjectType {
  return new GraphQLObjectType({
    name: `${t.name}_aggregate`,
    description: `aggregated selection of ${t.quoted}`,
    fields: () => ({
      aggregate: { type: aggregateFields(t) },
      nodes: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(t.object()))) },
    }),
  })
}

/** `<t>_aggregate_order_by`: ordering rows of another table by an aggregate of their related rows in this one. */
export function aggregateOrderByType(t: TableTypes): GraphQLInputObjectType {
  const orderBy = t.types.orderBy()
  const byFunction = (fn: string, columns: Column[]) =>
    new GraphQLInputObjectType({
      name: `${t.name}_${fn}_order_by`,
      description: `order by ${fn}() on columns of table ${t.quoted}`,
      fields: Object.fromEntries(columns.map((c) => [c.name, { type: orderBy }])),
    })
  return new GraphQLInputObjectType({
    name: `${t.name}_aggregate_order_by`,
    description: `order by aggregate values of table ${t.quoted}`,
    fields: () =>
      Object.fromEntries(
        [
          ['count', { type: orderBy }] as const,
          ...functions(t).map(([fn, columns]) => [fn, { type: byFunction(fn, columns) }] as const),
        ].sort(([a], [b]) => byName(a, b)),
      ),
  })
}
