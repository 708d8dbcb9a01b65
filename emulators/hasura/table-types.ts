/**
 * One table's GraphQL types as one role sees them (specs/hasura.md §3.1–3.2): the row object `<t>`, `<t>_bool_exp`,
 * the list arguments, `<t>_mutation_response`, the update operators. Made on first use and shared by every root field
 * of the table. Object and boolean-expression fields are thunks, so a type may later refer to another table's types
 * (relationships) without the tables being built in any order.
 */
import {
  type GraphQLArgumentConfig,
  GraphQLEnumType,
  type GraphQLFieldConfigArgumentMap,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
} from 'graphql'
import type { Column, Table } from './catalog.ts'
import type { RoleTable } from './role-permissions.ts'
import { columnValues, isNumeric, type SchemaTypes, sortedByName } from './schema-types.ts'

const listOf = <T extends GraphQLObjectType | GraphQLInputObjectType | GraphQLEnumType>(type: T) =>
  new GraphQLList(new GraphQLNonNull(type))

export class TableTypes {
  readonly table: Table
  readonly role: RoleTable
  readonly types: SchemaTypes
  /** `"users"` (or `"s.t"`), as Hasura's descriptions quote the table. */
  readonly quoted: string
  readonly selectable: Column[]
  readonly pkColumns: Column[]
  #object?: GraphQLObjectType
  #boolExp?: GraphQLInputObjectType
  #selectColumn?: GraphQLEnumType
  #mutationResponse?: GraphQLObjectType
  #listArgs?: GraphQLFieldConfigArgumentMap
  #updateOperators?: GraphQLFieldConfigArgumentMap

  constructor(table: Table, role: RoleTable, types: SchemaTypes) {
    this.table = table
    this.role = role
    this.types = types
    this.quoted = `"${table.displayName}"`
    this.selectable = role.select?.columns ?? []
    const pk = table.primaryKey?.columns ?? []
    this.pkColumns = pk.map((name) => table.columns.find((c) => c.name === name) as Column)
  }

  get name(): string {
    return this.table.graphqlName
  }

  /** A select permission with at least one column: the row type exists and can be returned. */
  get canSelect(): boolean {
    return this.role.select !== undefined && this.selectable.length > 0
  }

  /** An update permission with at least one column: `update_<t>`, `…_by_pk` and `…_many` exist. */
  get canUpdate(): boolean {
    return (this.role.update?.columns.length ?? 0) > 0
  }

  /** `*_by_pk` fields need a primary key whose columns the role may all select. */
  get pkSelectable(): boolean {
    return this.pkColumns.length > 0 && this.pkColumns.every((c) => this.selectable.includes(c))
  }

  object(): GraphQLObjectType {
    this.#object ??= new GraphQLObjectType({
      name: this.name,
      description: `columns and relationships of ${this.quoted}`,
      fields: () =>
        Object.fromEntries(
          this.selectable.map((c) => {
            const scalar = this.types.scalar(c.pgType)
            return [c.name, { type: c.nullable ? scalar : new GraphQLNonNull(scalar) }]
          }),
        ),
    })
    return this.#object
  }

  boolExp(): GraphQLInputObjectType {
    if (this.#boolExp) return this.#boolExp
    const boolExp: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${this.name}_bool_exp`,
      description: `Boolean expression to filter rows from the table ${this.quoted}. All fields are combined with a logical 'AND'.`,
      fields: () => ({
        _and: { type: listOf(boolExp) },
        _not: { type: boolExp },
        _or: { type: listOf(boolExp) },
        ...Object.fromEntries(
          sortedByName(this.selectable).map((c) => [c.name, { type: this.types.comparison(c.pgType) }]),
        ),
      }),
    })
    this.#boolExp = boolExp
    return boolExp
  }

  selectColumn(): GraphQLEnumType {
    this.#selectColumn ??= new GraphQLEnumType({
      name: `${this.name}_select_column`,
      description: `select columns of table ${this.quoted}`,
      values: columnValues(this.selectable),
    })
    return this.#selectColumn
  }

  /** `distinct_on`, `limit`, `offset`, `order_by`, `where`: the arguments of `<t>` and `<t>_aggregate`. */
  listArgs(): GraphQLFieldConfigArgumentMap {
    this.#listArgs ??= {
      distinct_on: { type: listOf(this.selectColumn()), description: 'distinct select on columns' },
      limit: { type: GraphQLInt, description: 'limit the number of rows returned' },
      offset: { type: GraphQLInt, description: 'skip the first n rows. Use only with order_by' },
      order_by: {
        type: listOf(
          new GraphQLInputObjectType({
            name: `${this.name}_order_by`,
            description: `Ordering options when selecting data from ${this.quoted}.`,
            fields: Object.fromEntries(
              sortedByName(this.selectable).map((c) => [c.name, { type: this.types.orderBy() }]),
            ),
          }),
        ),
        description: 'sort the rows by one or more columns',
      },
      where: { type: this.boolExp(), description: 'filter the rows returned' },
    }
    return this.#listArgs
  }

  /** The primary key columns as required arguments (`<t>_by_pk(id: String!)`). */
  pkArgs(): GraphQLFieldConfigArgumentMap {
    return Object.fromEntries(
      this.pkColumns.map((c) => [c.name, { type: new GraphQLNonNull(this.types.scalar(c.pgType)) }]),
    )
  }

  /** `affected_rows`, and `returning` when the role may select. */
  mutationResponse(): GraphQLObjectType {
    this.#mutationResponse ??= new GraphQLObjectType({
      name: `${this.name}_mutation_response`,
      description: `response of any mutation on the table ${this.quoted}`,
      fields: {
        affected_rows: { type: new GraphQLNonNull(GraphQLInt), description: 'number of rows affected by the mutation' },
        ...(this.canSelect
          ? {
              returning: {
                type: new GraphQLNonNull(listOf(this.object())),
                description: 'data from the rows affected by the mutation',
              },
            }
          : {}),
      },
    })
    return this.#mutationResponse
  }

  /**
   * `_inc` (numeric update columns only) and `_set`: the update operators of `update_<t>`, `update_<t>_by_pk` and
   * each `<t>_updates` (`parseUpdateOperators` in `Hasura/GraphQL/Schema/Update.hs`).
   */
  updateOperators(): GraphQLFieldConfigArgumentMap {
    if (this.#updateOperators) return this.#updateOperators
    const columns = this.role.update?.columns ?? []
    const input = (kind: string, description: string, of: Column[]) =>
      new GraphQLInputObjectType({
        name: `${this.name}_${kind}_input`,
        description: `${description} ${this.quoted}`,
        fields: Object.fromEntries(sortedByName(of).map((c) => [c.name, { type: this.types.scalar(c.pgType) }])),
      })
    const numeric = columns.filter(isNumeric)
    const operators: Record<string, GraphQLArgumentConfig> = {}
    if (numeric.length > 0) {
      operators._inc = {
        type: input('inc', 'input type for incrementing numeric columns in table', numeric),
        description: 'increments the numeric columns with given value of the filtered values',
      }
    }
    operators._set = {
      type: input('set', 'input type for updating data in table', columns),
      description: 'sets the columns of the filtered rows to the given values',
    }
    this.#updateOperators = operators
    return operators
  }
}
