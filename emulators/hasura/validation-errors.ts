/**
 * graphql-js reports parse, validation and variable errors in its own words; Hasura's parser uses others
 * (`server/src-lib/Hasura/GraphQL/Parser/Internal/Parser.hs`, `.../Execute/Resolve.hs`). This maps one to the
 * other and computes Hasura's `extensions.path` (`$.selectionSet.users.args.where.email`) from the AST.
 */
import { type ASTNode, type DocumentNode, type GraphQLError, visit } from 'graphql'
import { HasuraError } from './errors.ts'

/** Hasura's JSON path of an AST node: `selectionSet.<key>` for fields, `args.<name>` for arguments. */
export function hasuraPath(document: DocumentNode, target: ASTNode | undefined): string {
  if (!target) return '$'
  const stack: string[] = []
  let found: string | undefined
  visit(document, {
    enter(node) {
      if (found !== undefined) return false
      if (node.kind === 'Field') stack.push(`selectionSet.${node.alias?.value ?? node.name.value}`)
      else if (node.kind === 'Argument') stack.push(`args.${node.name.value}`)
      else if (node.kind === 'ObjectField') stack.push(node.name.value)
      else stack.push('')
      if (node === target) found = ['$', ...stack.filter(Boolean)].join('.')
      return undefined
    },
    leave() {
      stack.pop()
    },
  })
  return found ?? '$'
}

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Cannot query field "(.+?)" on type "(.+?)"\./, (m) => `field '${m[1]}' not found in type: '${m[2]}'`],
  [/^Field "(.+?)" is not defined by type "(.+?)"\./, (m) => `field '${m[1]}' not found in type: '${m[2]}'`],
  [/^Unknown argument "(.+?)" on field "(?:.+?)\.(.+?)"\./, (m) => `'${m[2]}' has no argument named '${m[1]}'`],
  [
    /^Field ".+?" argument "(.+?)" of type ".+?" is required, but it was not provided\./,
    (m) => `missing required field '${m[1]}'`,
  ],
  [/^Field ".+?\.(.+?)" of required type ".+?" was not provided\./, (m) => `missing required field '${m[1]}'`],
  [/^Variable "\$(.+?)" is not defined/, (m) => `unbound variable "${m[1]}"`],
  [
    /^Variable "\$(.+?)" of required type ".+?" was not provided\./,
    (m) => `expecting a value for non-nullable variable: "${m[1]}"`,
  ],
  [
    /^Variable "\$(.+?)" of non-null type ".+?" must not be null\./,
    (m) => `null value found for non-nullable type: "${m[1]}"`,
  ],
  [/^Schema is not configured to execute mutation operation\./, () => 'no mutations exist'],
  [/^Schema is not configured to execute subscription operation\./, () => 'no subscriptions exist'],
  [/^There can be only one variable named "\$(.+?)"\./, (m) => `multiple definitions for variable "${m[1]}"`],
]

export function fromValidationError(document: DocumentNode, error: GraphQLError): HasuraError {
  for (const [pattern, message] of RULES) {
    const match = pattern.exec(error.message)
    if (match) {
      const path = message(match) === 'no mutations exist' ? '$' : hasuraPath(document, error.nodes?.[0])
      const code = message(match).startsWith('multiple definitions') ? 'parse-failed' : 'validation-failed'
      return new HasuraError(code, message(match), path)
    }
  }
  return new HasuraError('validation-failed', error.message, hasuraPath(document, error.nodes?.[0]))
}
