/**
 * One table's GraphQL types as one role sees them (specs/hasura.md §3.1–3.2): the row object `<t>` with its columns
 * and relationships, `<t>_bool_exp`, `<t>_order_by`, the list arguments, the aggregate types, the insert inputs,
 * `<t>_mutation_response`, the update operators. Made on first use and shared by every root field of the table and by
 * every relationship that leads to it. Fields are thunks, so tables refer to one another in any order.
 *
 * A relationship exists for a role only where the role may select from the related table (`relationshipField` in
 * `Hasura/GraphQL/Schema/Select.hs`); `<rel>_aggregate` and ordering by it only where that permission allows
 * aggregations; a nested insert only where the role may insert into it. Fields are listed by name, as Hasura's
 * introspection sorts them.
 */
import {
  type GraphQLArgumentConfig,
  GraphQLEnumType,
  type GraphQLField,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLInputField,
  type GraphQLInputFieldConfig,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
} from 'graphql'
import { aggregateOrderByType, aggregateType } from './aggregate-types.ts'
import type { Column, Table } from './catalog.ts'
import type { QualifiedTable, Relationship } from './metadata.ts'
import type { RoleTable } from './role-permissions.ts'
import { columnValues, isNumeric, type SchemaTypes, sortedByName, sortedFields } from './schema-types.ts'

const listOf = <T extends GraphQLObjectType | GraphQLInputObjectType | GraphQLEnumType>(type: T) =>
  new GraphQLList(new GraphQLNonNull(type))

/** What a relationship field of `<t>` carries for the compiler: which relationship, and the related table's types. */
export interface RelationshipField {
  relationship: Relationship
  target: TableTypes
  /** `<rel>` of an object or an array relationship, or `<rel>_aggregate`. */
  kind: 'object' | 'array' | 'aggregate'
}

/** The relationship behind a field of `<t>` or `<t>_insert_input`; `undefined` for a column. */
export function relationshipField(
  field: GraphQLField<unknown, unknown> | GraphQLInputField | undefined,
): RelationshipField | undefined {
  return field?.extensions.hasura as RelationshipField | undefined
}

/** Finds a table's types in the same role schema. */
export type RelatedTypes = (table: QualifiedTable) => TableTypes | undefined

interface Related {
  rel: Relationship
  target: TableTypes
}

export class TableTypes {
  readonly table: Table
  readonly role: RoleTable
  readonly types: SchemaTypes
  /** `"users"` (or `"s.t"`), as Hasura's descriptions quote the table. */
  readonly quoted: string
  readonly selectable: Column[]
  readonly pkColumns: Column[]
  readonly #related: RelatedTypes
  #object?: GraphQLObjectType
  #boolExp?: GraphQLInputObjectType
  #orderBy?: GraphQLInputObjectType
  #aggregate?: GraphQLObjectType
  #aggregateOrderBy?: GraphQLInputObjectType
  #selectColumn?: GraphQLEnumType
  #mutationResponse?: GraphQLObjectType
  #listArgs?: GraphQLFieldConfigArgumentMap
  #updateOperators?: GraphQLFieldConfigArgumentMap
  #insertInput?: GraphQLInputObjectType
  #onConflict?: GraphQLInputObjectType | null
  #relInsertInputs: Partial<Record<'obj' | 'arr', GraphQLInputObjectType>> = {}

  constructor(table: Table, role: RoleTable, types: SchemaTypes, related: RelatedTypes) {
    this.table = table
    this.role = role
    this.types = types
    this.#related = related
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

  get canAggregate(): boolean {
    return this.canSelect && this.role.select?.aggregations === true
  }

  /** An insert permission with at least one column: `insert_<t>` and nested inserts into the table exist. */
  get canInsert(): boolean {
    return (this.role.insert?.columns.length ?? 0) > 0
  }

  /** An update permission with at least one column: `update_<t>`, `…_by_pk` and `…_many` exist. */
  get canUpdate(): boolean {
    return (this.role.update?.columns.length ?? 0) > 0
  }

  /** `*_by_pk` fields need a primary key whose columns the role may all select. */
  get pkSelectable(): boolean {
    return this.pkColumns.length > 0 && this.pkColumns.every((c) => this.selectable.includes(c))
  }

  /** The table's relationships whose related table passes `usable` for this role. */
  #relationships(usable: (target: TableTypes) => boolean): Related[] {
    return this.table.relationships.flatMap((rel) => {
      const target = this.#related(rel.remoteTable)
      return target && usable(target) ? [{ rel, target }] : []
    })
  }

  /**
   * An object relationship is non-null only when its foreign key is on this table's columns and all of them are
   * NOT NULL; manual and "reverse" ones are nullable (`relationshipField` in `Hasura/GraphQL/Schema/Select.hs`). A row
   * the related table's permission hides still answers null, as in Hasura.
   */
  #objectNullable(rel: Relationship): boolean {
    const using = rel.using
    if (!('foreignKey' in using) || using.foreignKey.on !== 'this') return true
    return Object.keys(rel.columnMapping).some((name) => this.table.columns.find((c) => c.name === name)?.nullable)
  }

  object(): GraphQLObjectType {
    this.#object ??= new GraphQLObjectType({
      name: this.name,
      description: `columns and relationships of ${this.quoted}`,
      fields: () => {
        const fields: Record<string, GraphQLFieldConfig<unknown, unknown>> = {}
        for (const c of this.selectable) {
          const scalar = this.types.scalar(c.pgType)
          fields[c.name] = { type: c.nullable ? scalar : new GraphQLNonNull(scalar) }
        }
        for (const { rel, target } of this.#relationships((t) => t.canSelect)) {
          const hasura = (kind: RelationshipField['kind']): RelationshipField => ({ relationship: rel, target, kind })
          if (rel.kind === 'object') {
            const type = target.object()
            fields[rel.name] = {
              type: this.#objectNullable(rel) ? type : new GraphQLNonNull(type),
              description: 'An object relationship',
              extensions: { hasura: hasura('object') },
            }
            continue
          }
          fields[rel.name] = {
            type: new GraphQLNonNull(listOf(target.object())),
            description: 'An array relationship',
            args: target.listArgs(),
            extensions: { hasura: hasura('array') },
          }
          if (target.canAggregate) {
            fields[`${rel.name}_aggregate`] = {
              type: new GraphQLNonNull(target.aggregate()),
              description: 'An aggregate relationship',
              args: target.listArgs(),
              extensions: { hasura: hasura('aggregate') },
            }
          }
        }
        return sortedFields(fields)
      },
    })
    return this.#object
  }

  boolExp(): GraphQLInputObjectType {
    if (this.#boolExp) return this.#boolExp
    const boolExp: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${this.name}_bool_exp`,
      description: `Boolean expression to filter rows from the table ${this.quoted}. All fields are combined with a logical 'AND'.`,
      fields: () =>
        sortedFields({
          _and: { type: listOf(boolExp) },
          _not: { type: boolExp },
          _or: { type: listOf(boolExp) },
          ...Object.fromEntries(this.selectable.map((c) => [c.name, { type: this.types.comparison(c.pgType) }])),
          ...Object.fromEntries(
            this.#relationships((t) => t.canSelect).map(({ rel, target }) => [rel.name, { type: target.boolExp() }]),
          ),
        }),
    })
    this.#boolExp = boolExp
    return boolExp
  }

  /** `<t>_order_by`: columns, object relationships' `<remote>_order_by`, array relationships' `<rel>_aggregate`. */
  orderBy(): GraphQLInputObjectType {
    this.#orderBy ??= new GraphQLInputObjectType({
      name: `${this.name}_order_by`,
      description: `Ordering options when selecting data from ${this.quoted}.`,
      fields: () => {
        const fields: Record<string, GraphQLInputFieldConfig> = {}
        for (const c of this.selectable) fields[c.name] = { type: this.types.orderBy() }
        for (const { rel, target } of this.#relationships((t) => t.canSelect)) {
          if (rel.kind === 'object') fields[rel.name] = { type: target.orderBy() }
          else if (target.canAggregate) fields[`${rel.name}_aggregate`] = { type: target.aggregateOrderBy() }
        }
        return sortedFields(fields)
      },
    })
    return this.#orderBy
  }

  aggregate(): GraphQLObjectType {
    this.#aggregate ??= aggregateType(this)
    return this.#aggregate
  }

  aggregateOrderBy(): GraphQLInputObjectType {
    this.#aggregateOrderBy ??= aggregateOrderByType(this)
    return this.#aggregateOrderBy
  }

  selectColumn(): GraphQLEnumType {
    this.#selectColumn ??= new GraphQLEnumType({
      name: `${this.name}_select_column`,
      description: `select columns of table ${this.quoted}`,
      values: columnValues(this.selectable),
    })
    return this.#selectColumn
  }

  /**
   * `distinct_on`, `limit`, `offset`, `order_by`, `where`: the arguments of `<t>`, `<t>_aggregate` and of every
   * array relationship (and its `_aggregate`) that leads to the table.
   */
  listArgs(): GraphQLFieldConfigArgumentMap {
    this.#listArgs ??= {
      distinct_on: { type: listOf(this.selectColumn()), description: 'distinct select on columns' },
      limit: { type: GraphQLInt, description: 'limit the number of rows returned' },
      offset: { type: GraphQLInt, description: 'skip the first n rows. Use only with order_by' },
      order_by: { type: listOf(this.orderBy()), description: 'sort the rows by one or more columns' },
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
   * `<t>_insert_input`: the insert columns (presets left out), and a nested insert for each relationship into a table
   * the role may insert into (`<remote>_obj_rel_insert_input`, `<remote>_arr_rel_insert_input`).
   */
  insertInput(): GraphQLInputObjectType {
    this.#insertInput ??= new GraphQLInputObjectType({
      name: `${this.name}_insert_input`,
      description: `input type for inserting data into table ${this.quoted}`,
      fields: () => {
        const fields: Record<string, GraphQLInputFieldConfig> = {}
        for (const c of this.role.insert?.columns ?? []) fields[c.name] = { type: this.types.scalar(c.pgType) }
        for (const { rel, target } of this.#relationships((t) => t.canInsert)) {
          const hasura: RelationshipField = { relationship: rel, target, kind: rel.kind }
          fields[rel.name] = {
            type: target.relationshipInsertInput(rel.kind === 'object' ? 'obj' : 'arr'),
            extensions: { hasura },
          }
        }
        return sortedFields(fields)
      },
    })
    return this.#insertInput
  }

  /** `<t>_obj_rel_insert_input { data, on_conflict }` / `<t>_arr_rel_insert_input { data: [...], on_conflict }`. */
  relationshipInsertInput(kind: 'obj' | 'arr'): GraphQLInputObjectType {
    const existing = this.#relInsertInputs[kind]
    if (existing) return existing
    const data = new GraphQLNonNull(kind === 'obj' ? this.insertInput() : listOf(this.insertInput()))
    const onConflict = this.onConflict()
    const input = new GraphQLInputObjectType({
      name: `${this.name}_${kind}_rel_insert_input`,
      description: `input type for inserting ${kind === 'obj' ? 'object' : 'array'} relation for remote table ${this.quoted}`,
      fields: () => ({
        data: { type: data },
        ...(onConflict ? { on_conflict: { type: onConflict, description: 'upsert condition' } } : {}),
      }),
    })
    this.#relInsertInputs[kind] = input
    return input
  }

  /**
   * `<t>_on_conflict`, whenever the table has a unique constraint. Without update permission `update_columns` only
   * takes `[]` (ON CONFLICT DO NOTHING): its enum is Hasura's placeholder.
   */
  onConflict(): GraphQLInputObjectType | undefined {
    if (this.#onConflict !== undefined) return this.#onConflict ?? undefined
    if (this.table.uniqueConstraints.length === 0) {
      this.#onConflict = null
      return undefined
    }
    const updateColumns = this.role.update?.columns ?? []
    const constraint = new GraphQLEnumType({
      name: `${this.name}_constraint`,
      description: `unique or primary key constraints on table ${this.quoted}`,
      values: Object.fromEntries(
        this.table.uniqueConstraints.map((c) => [
          c.name,
          {
            value: c.name,
            description: `unique or primary key constraint on columns ${c.columns.map((n) => `"${n}"`).join(', ')}`,
          },
        ]),
      ),
    })
    const updateColumn = new GraphQLEnumType({
      name: `${this.name}_update_column`,
      description:
        updateColumns.length > 0
          ? `update columns of table ${this.quoted}`
          : `placeholder for update columns of table ${this.quoted} (current role has no relevant permissions)`,
      values:
        updateColumns.length > 0
          ? columnValues(updateColumns)
          : { _PLACEHOLDER: { value: '_PLACEHOLDER', description: 'placeholder (do not use)' } },
    })
    this.#onConflict = new GraphQLInputObjectType({
      name: `${this.name}_on_conflict`,
      description: `on_conflict condition type for table ${this.quoted}`,
      fields: () => ({
        constraint: { type: new GraphQLNonNull(constraint) },
        update_columns: { type: new GraphQLNonNull(listOf(updateColumn)), defaultValue: [] },
        where: { type: this.boolExp() },
      }),
    })
    return this.#onConflict
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
