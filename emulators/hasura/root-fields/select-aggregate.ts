/**
 * `<t>_aggregate(…): <t>_aggregate!` — `aggregate { count max min sum avg … }` and `nodes` over the permitted rows,
 * when the select permission has `allow_aggregations`. Postgres aggregate functions of the same names answer.
 */
import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLScalarType,
} from 'graphql'
import type { Column } from '../catalog.ts'
import { compilation } from '../compile/context.ts'
import { type ListArgs, permittedRows, ROOT_ALIAS, rowObject } from '../compile/rows.ts'
import { argumentsOf, child, type Selection, subfields } from '../compile/selection.ts'
import { isComparable, isNumeric } from '../schema-types.ts'
import { ident, jsonObject } from '../sql.ts'
import type { TableTypes } from '../table-types.ts'
import { argsPath, type RootFieldKind, single } from './root-field.ts'

const STATISTICS = ['avg', 'stddev', 'stddev_pop', 'stddev_samp', 'var_pop', 'var_samp', 'variance']

/**
 * One object per aggregate function, named and typed as Hasura does: the statistical ones (and sum) exist only over
 * numeric columns, max/min over columns Postgres can order; avg and the like answer Float, max/min/sum the column's
 * own type.
 */
function aggregateFields(t: TableTypes): GraphQLObjectType {
  const scalar = (c: Column) => t.types.scalar(c.pgType)
  const fieldsOf = (kind: string, columns: Column[], type: (c: Column) => GraphQLScalarType) =>
    new GraphQLObjectType({
      name: `${t.name}_${kind}_fields`,
      description: `aggregate ${kind} on columns`,
      fields: Object.fromEntries(columns.map((c) => [c.name, { type: type(c) }])),
    })
  const numeric = t.selectable.filter(isNumeric)
  const statistics = numeric.length
    ? Object.fromEntries([
        ...STATISTICS.map((kind) => [kind, { type: fieldsOf(kind, numeric, () => GraphQLFloat) }]),
        ['sum', { type: fieldsOf('sum', numeric, scalar) }],
      ])
    : {}
  const comparable = t.selectable.filter(isComparable)
  const extremes = comparable.length
    ? {
        max: { type: fieldsOf('max', comparable, scalar) },
        min: { type: fieldsOf('min', comparable, scalar) },
      }
    : {}
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
      ...extremes,
      ...statistics,
    },
  })
}

function aggregateObject(sel: Selection): string {
  const T = ROOT_ALIAS
  return jsonObject(
    subfields(sel).map((sub) => {
      if (sub.name === 'count') {
        const args = argumentsOf(sel, sub) as { columns?: string[]; distinct?: boolean }
        const columns = args.columns?.map((name) => `${T}.${ident(name)}`) ?? []
        const target = columns.length === 0 ? '*' : columns.length === 1 ? columns[0] : `(${columns.join(', ')})`
        return [sub.key, `count(${args.distinct && columns.length ? 'DISTINCT ' : ''}${target})`] as const
      }
      const fn = sub.name
      const columns = subfields(child(sel, sub)).map(({ key, name }) => [key, `${fn}(${T}.${ident(name)})`] as const)
      return [sub.key, jsonObject(columns)] as const
    }),
  )
}

export const selectAggregate: RootFieldKind = {
  operation: 'query',
  fields(t) {
    if (!t.canSelect || !t.role.select?.aggregations) return {}
    return {
      [`${t.name}_aggregate`]: {
        type: new GraphQLNonNull(
          new GraphQLObjectType({
            name: `${t.name}_aggregate`,
            description: `aggregated selection of ${t.quoted}`,
            fields: {
              aggregate: { type: aggregateFields(t) },
              nodes: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(t.object()))) },
            },
          }),
        ),
        description: `fetch aggregated fields from the table: ${t.quoted}`,
        args: t.listArgs(),
        compile(input) {
          const { sel } = input
          const c = compilation(input)
          const rows = permittedRows(t.role, input.args as ListArgs, c, argsPath(input))
          const parts = subfields(sel).map((sub) => {
            const inner = child(sel, sub)
            if (sub.name === 'aggregate') return [sub.key, aggregateObject(inner)] as const
            const row = rowObject(inner, { table: t.table, alias: ROOT_ALIAS })
            return [sub.key, `coalesce(json_agg(${row}${rows.aggOrder}), '[]'::json)`] as const
          })
          return single(`SELECT ${jsonObject(parts)} AS root FROM ${rows.from}`, c)
        },
      },
    }
  },
}
