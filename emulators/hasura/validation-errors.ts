/**
 * graphql-js reports parse, validation and variable errors in its own words; Hasura's parser uses others
 * (`server/src-lib/Hasura/GraphQL/Parser/Internal/{Parser,TypeChecking}.hs`, `.../Execute/Resolve.hs`). This maps one
 * to the other and computes Hasura's `extensions.path` (`$.selectionSet.insert_x.args.objects[0].col`) from the AST.
 */
import {
  type ASTNode,
  BREAK,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql'
import { HasuraError } from './errors.ts'

const VALUE_KINDS = new Set<string>([
  Kind.VARIABLE,
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
])

/** One step of Hasura's path for `node`; `[i]` steps attach to the step before them. */
function step(node: ASTNode, key: string | number | undefined, typeInfo: TypeInfo): string {
  if (node.kind === Kind.FIELD) return `selectionSet.${node.alias?.value ?? node.name.value}`
  if (node.kind === Kind.ARGUMENT) return `args.${node.name.value}`
  if (node.kind === Kind.OBJECT_FIELD) return node.name.value
  if (!VALUE_KINDS.has(node.kind)) return ''
  // An item of a list literal.
  if (typeof key === 'number') return `[${key}]`
  // A single value where a list is expected is a list of one (GraphQL's input coercion), and Hasura's path says so;
  // a variable is type-checked, and a null refused, before that coercion.
  const coerced = node.kind !== Kind.LIST && node.kind !== Kind.NULL && node.kind !== Kind.VARIABLE
  const expected = typeInfo.getInputType()
  return coerced && expected && isListType(getNullableType(expected)) ? '[0]' : ''
}

/** Hasura's JSON path of an AST node: `selectionSet.<key>` for fields, `args.<name>` for arguments, `[i]` in lists. */
export function hasuraPath(schema: GraphQLSchema, document: DocumentNode, target: ASTNode | undefined): string {
  if (!target) return '$'
  const typeInfo = new TypeInfo(schema)
  const steps: string[] = []
  let found: string | undefined
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node, key) {
        steps.push(step(node, key, typeInfo))
        if (node !== target) return undefined
        found = steps.filter(Boolean).reduce((path, s) => (s.startsWith('[') ? path + s : `${path}.${s}`), '$')
        return BREAK
      },
      leave() {
        steps.pop()
      },
    }),
  )
  return found ?? '$'
}

/** What Hasura says about a `null` where its type does not take one (`typeMismatch`, the column parsers). */
function nullFor(schema: GraphQLSchema, typeName: string): string {
  if (typeName.startsWith('[')) return 'expected a list, but found null'
  const type = schema.getType(typeName)
  if (isInputObjectType(type)) return `expected an object for type '${typeName}', but found null`
  if (isEnumType(type)) return `expected an enum value for type '${typeName}', but found null`
  return `unexpected null value for type '${typeName}'`
}

type Rule = [RegExp, (m: RegExpExecArray, schema: GraphQLSchema) => string, options?: { at?: 'usage' | 'root' }]

const RULES: Rule[] = [
  [/^Cannot query field "(.+?)" on type "(.+?)"\./, (m) => `field '${m[1]}' not found in type: '${m[2]}'`],
  [/^Field "(.+?)" is not defined by type "(.+?)"\./, (m) => `field '${m[1]}' not found in type: '${m[2]}'`],
  [/^Unknown argument "(.+?)" on field "(?:.+?)\.(.+?)"\./, (m) => `'${m[2]}' has no argument named '${m[1]}'`],
  [
    /^Field ".+?" argument "(.+?)" of type ".+?" is required, but it was not provided\./,
    (m) => `missing required field '${m[1]}'`,
  ],
  [/^Field ".+?\.(.+?)" of required type ".+?" was not provided\./, (m) => `missing required field '${m[1]}'`],
  [/^Expected value of type "(.+)!", found null\./, (m, schema) => nullFor(schema, m[1] as string)],
  [/^Variable "\$(.+?)" is not defined/, (m) => `unbound variable "${m[1]}"`, { at: 'root' }],
  // `typeCheck` in Hasura/GraphQL/Parser/Internal/TypeChecking.hs; the path is where the variable is used.
  [
    /^Variable "\$(.+?)" of type "(.+?)" used in position expecting type "(.+?)"\./,
    (m) => `variable "${m[1]}" is declared as ${m[2]}, but used where ${m[3]} is expected`,
    { at: 'usage' },
  ],
  [
    /^Variable "\$(.+?)" of required type ".+?" was not provided\./,
    (m) => `expecting a value for non-nullable variable: "${m[1]}"`,
    { at: 'root' },
  ],
  // `resolveVariables` in Hasura/GraphQL/Execute/Resolve.hs refuses the null before the query is parsed (path `$`),
  // default value or not.
  [
    /^Variable "\$.+?" of non-null type "(.+?)" must not be null\./,
    (m) => `null value found for non-nullable type: "${m[1]}"`,
    { at: 'root' },
  ],
  // graphql-js stops comparing same-named fields after a budget of comparisons (OverlappingFieldsCanBeMergedRule).
  [
    /^Validation aborted\.$/,
    () => 'query too complex to validate: too many fields with the same name to compare with one another',
    { at: 'root' },
  ],
  [/^Schema is not configured to execute mutation operation\./, () => 'no mutations exist', { at: 'root' }],
  [/^Schema is not configured to execute subscription operation\./, () => 'no subscriptions exist', { at: 'root' }],
  [
    /^There can be only one variable named "\$(.+?)"\./,
    (m) => `multiple definitions for variable "${m[1]}"`,
    { at: 'root' },
  ],
]

export function fromValidationError(schema: GraphQLSchema, document: DocumentNode, error: GraphQLError): HasuraError {
  const nodes = error.nodes ?? []
  for (const [pattern, message, options] of RULES) {
    const match = pattern.exec(error.message)
    if (!match) continue
    const text = message(match, schema)
    const node = options?.at === 'usage' ? nodes[nodes.length - 1] : nodes[0]
    const path = options?.at === 'root' ? '$' : hasuraPath(schema, document, node)
    const code = text.startsWith('multiple definitions') ? 'parse-failed' : 'validation-failed'
    return new HasuraError(code, text, path)
  }
  return new HasuraError('validation-failed', error.message, hasuraPath(schema, document, nodes[0]))
}
