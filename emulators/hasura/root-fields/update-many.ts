/**
 * `update_<t>_many(updates: [<t>_updates!]!): [<t>_mutation_response]` (Hasura ≥ 2.10). Each entry is an update with
 * its own `where` and operators, under the role's update permission (filter, presets, check), answered in order in
 * the request's transaction. Names and descriptions: `updateTableMany` in `Hasura/GraphQL/Schema/Update/Batch.hs`
 * (`<t>_updates` has no description). Each entry is its own statement, run after the previous one, as
 * `execUpdateQuery` runs `MultiUpdate` in `Hasura/Backends/Postgres/Execute/Mutation.hs`: an entry sees the rows
 * the entries before it changed.
 */
import { GraphQLInputObjectType, GraphQLList, GraphQLNonNull } from 'graphql'
import { compileBoolExp } from '../bool-exp.ts'
import { type Compilation, compilation, request } from '../compile/context.ts'
import { ROOT_ALIAS } from '../compile/rows.ts'
import { argsPath, type RootFieldKind, statement } from './root-field.ts'
import { type UpdateOperators, updateStatement } from './update.ts'

interface Update extends UpdateOperators {
  where: Record<string, unknown>
}

export const updateMany: RootFieldKind = {
  operation: 'mutation',
  fields(t) {
    if (!t.canUpdate) return {}
    const updates = new GraphQLInputObjectType({
      name: `${t.name}_updates`,
      fields: () => ({
        ...t.updateOperators(),
        where: { type: new GraphQLNonNull(t.boolExp()), description: 'filter the rows which have to be updated' },
      }),
    })
    return {
      [`update_${t.name}_many`]: {
        type: new GraphQLList(t.mutationResponse()),
        description: `update multiples rows of table: ${t.quoted}`,
        args: {
          updates: {
            type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(updates))),
            description: 'updates to execute, in order',
          },
        },
        compile(input) {
          const statements = (input.args.updates as Update[]).map((entry, i) => {
            const c = compilation(input)
            const at = `${argsPath(input)}.updates[${i}]`
            const where = (c: Compilation) =>
              compileBoolExp(entry.where, t.table, ROOT_ALIAS, request(c), `${at}.where`)
            return statement(updateStatement(t, entry, where, input, c, false, at), c, true)
          })
          return { statements, list: true, errorPath: '$' }
        },
      },
    }
  },
}
