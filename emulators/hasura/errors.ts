/**
 * Hasura's error envelope (`encodeGQLErr` in `server/src-lib/Hasura/Base/Error.hs`). Every error the stand-in
 * produces is a `HasuraError` named by its wire code; `toBody` is the one place that serializes it.
 */

export type HasuraErrorCode =
  | 'access-denied'
  | 'invalid-jwt'
  | 'jwt-invalid-claims'
  | 'jwt-missing-role-claims'
  | 'invalid-headers'
  | 'invalid-json'
  | 'parse-failed'
  | 'validation-failed'
  | 'not-found'
  | 'not-supported'
  | 'constraint-violation'
  | 'constraint-error'
  | 'permission-error'
  | 'data-exception'
  | 'concurrent-update'
  | 'bad-request'
  | 'unexpected'

export class HasuraError extends Error {
  readonly code: HasuraErrorCode
  readonly path: string
  constructor(code: HasuraErrorCode, message: string, path = '$') {
    super(message)
    this.name = this.constructor.name
    this.code = code
    this.path = path
  }
}

export interface GraphQLErrorBody {
  errors: { message: string; extensions: { path: string; code: string } }[]
}

/** `/v1/graphql` answers every error with HTTP 200 and this body, keys in Hasura's order. */
export function toBody(error: HasuraError): GraphQLErrorBody {
  return { errors: [{ message: error.message, extensions: { path: error.path, code: error.code } }] }
}

/** The shape of Hasura's other APIs and of its 404 (`{"path","error","code"}`, specs/hasura.md §7). */
export function toPlainBody(error: HasuraError): { path: string; error: string; code: string } {
  return { path: error.path, error: error.message, code: error.code }
}
