/**
 * The stand-in's own bounds on one request. Hasura CE has none by default (Hasura Cloud/EE add `api_limits`:
 * depth, node, batch, time and rate limits, off unless configured); the stand-in shares one event loop — and, with
 * PGlite, one thread for the database — with everything it serves, so it bounds what one request may make it parse,
 * validate, compile and run (docs/decisions/009-hasura-request-limits.md). Each refusal is a Hasura-shaped error
 * that names the limit.
 */
import { type DocumentNode, Kind, Lexer, Source, TokenKind, visit } from 'graphql'
import { HasuraError } from './errors.ts'

export interface Limits {
  /** Bytes of a POST /v1/graphql body; a larger one gets HTTP 413 before it is read. */
  bodyBytes: number
  /** Operations in one batched request (a JSON array). */
  batchOperations: number
  /** Characters of the query text. */
  queryCharacters: number
  /** Brackets (`{`, `[`, `(`) open at once in the query text, and levels of arrays and objects in the variables. */
  nesting: number
  /** Fields, fragment spreads and inline fragments written in the document. */
  selections: number
  /** Root fields of the operation once fragments are applied: each is one SQL statement. */
  rootFields: number
  /** Values (objects, arrays and scalars) in the variables: bounds coercion, compilation and statement size. */
  variableValues: number
  /**
   * Relationships one root field may chain — in its selection, its `where` and its `order_by`. Each level nests a
   * correlated subquery, and a statement's rows can multiply with every level.
   */
  relationshipDepth: number
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 1024 * 1024,
  batchOperations: 20,
  queryCharacters: 64 * 1024,
  nesting: 64,
  selections: 1000,
  rootFields: 100,
  variableValues: 10_000,
  relationshipDepth: 16,
}

type Code = 'validation-failed' | 'bad-request'

const overLimit = (what: string, count: number, limit: number, code: Code, path = '$') =>
  new HasuraError(code, `${what}: ${count} (the stand-in's limit is ${limit})`, path)

export function bodyTooLarge(limits: Limits): HasuraError {
  return new HasuraError('bad-request', `request body is larger than the stand-in's limit of ${limits.bodyBytes} bytes`)
}

export function checkBatch(length: number, limits: Limits): void {
  if (length > limits.batchOperations) {
    throw overLimit('too many operations in the batch', length, limits.batchOperations, 'bad-request')
  }
}

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L])
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R])

export function checkQueryLength(query: string, limits: Limits): void {
  if (query.length > limits.queryCharacters) {
    throw overLimit(
      'query too long, in characters',
      query.length,
      limits.queryCharacters,
      'validation-failed',
      '$.query',
    )
  }
}

/**
 * Nesting, measured on graphql-js's own tokens before parsing: the parser recurses once per level, so a deep enough
 * text would exhaust the stack instead of failing with a message. A text the lexer refuses is left to the parser.
 */
export function checkQueryNesting(query: string, limits: Limits): void {
  const lexer = new Lexer(new Source(query))
  let depth = 0
  let deepest = 0
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (OPENING.has(token.kind)) deepest = Math.max(deepest, ++depth)
      else if (CLOSING.has(token.kind)) depth -= 1
    }
  } catch {
    return
  }
  if (deepest > limits.nesting) {
    throw overLimit('query nested too deeply, in levels', deepest, limits.nesting, 'validation-failed', '$.query')
  }
}

export function checkSelections(document: DocumentNode, limits: Limits): void {
  let count = 0
  const counted = () => {
    count += 1
  }
  visit(document, {
    [Kind.FIELD]: counted,
    [Kind.FRAGMENT_SPREAD]: counted,
    [Kind.INLINE_FRAGMENT]: counted,
  })
  if (count > limits.selections) {
    throw overLimit(
      'too many fields and fragments in the query',
      count,
      limits.selections,
      'validation-failed',
      '$.query',
    )
  }
}

export function checkRootFields(count: number, limits: Limits): void {
  if (count > limits.rootFields) {
    throw overLimit('too many root fields in the operation', count, limits.rootFields, 'validation-failed')
  }
}

export function checkRelationshipDepth(depth: number, limit: number): void {
  if (depth > limit) {
    throw overLimit('relationships nested too deeply, in levels', depth, limit, 'validation-failed')
  }
}

/** Counts the variables' values and their nesting without recursion: the body bounds them, not the stack. */
export function checkVariables(variables: Record<string, unknown>, limits: Limits): void {
  let count = 0
  let deepest = 0
  const stack: [value: unknown, depth: number][] = Object.values(variables).map((value) => [value, 1])
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number]
    count += 1
    deepest = Math.max(deepest, depth)
    if (value !== null && typeof value === 'object') {
      for (const item of Object.values(value)) stack.push([item, depth + 1])
    }
  }
  if (count > limits.variableValues) {
    throw overLimit(
      'too many values in the variables',
      count,
      limits.variableValues,
      'validation-failed',
      '$.variableValues',
    )
  }
  if (deepest > limits.nesting) {
    throw overLimit(
      'variables nested too deeply, in levels',
      deepest,
      limits.nesting,
      'validation-failed',
      '$.variableValues',
    )
  }
}
