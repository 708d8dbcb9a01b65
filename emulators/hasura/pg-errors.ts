/**
 * Postgres errors as Hasura reports them (`mkTxErrorHandler` / `dmlTxErrorHandler` in
 * `server/src-lib/Hasura/Backends/Postgres/Execute/Types.hs`; specs/hasura.md §2.2).
 */
import { GraphQLError } from 'graphql'
import type { DatabaseError } from './database.ts'
import { HasuraError } from './errors.ts'

const INTEGRITY: Record<string, string> = {
  '23505': 'Uniqueness violation. ',
  '23502': 'Not-NULL violation. ',
  '23503': 'Foreign key violation. ',
  '23P01': 'Exclusion violation. ',
  '23001': 'Can not delete or update due to data being referred. ',
}

export function fromDatabaseError(error: DatabaseError, path: string): HasuraError {
  const code = error.code ?? ''
  if (code === '23514') return new HasuraError('permission-error', `Check constraint violation. ${error.message}`, path)
  const prefix = INTEGRITY[code]
  if (prefix !== undefined) return new HasuraError('constraint-violation', prefix + error.message, path)
  if (code === '42P10') return new HasuraError('constraint-error', error.message, path)
  if (code.startsWith('22')) return new HasuraError('data-exception', error.message, path)
  if (code === '40001')
    return new HasuraError('concurrent-update', 'serialization failure due to concurrent update', path)
  // The client sees Hasura's generic text; the detail goes to the stand-in's console, as Hasura logs it.
  console.error(`[hasura] database error ${code}: ${error.message}`)
  return new HasuraError('unexpected', 'database query error', path)
}

/** Any error as the one the client sees: Hasura's own, a database error mapped as above, else `unexpected`. */
export function asHasuraError(error: unknown, path: string): HasuraError {
  if (error instanceof HasuraError) return error
  if (error instanceof GraphQLError && error.originalError) return asHasuraError(error.originalError, path)
  if (error && typeof error === 'object' && 'code' in error && typeof (error as DatabaseError).code === 'string') {
    return fromDatabaseError(error as DatabaseError, path)
  }
  // Never a stack trace on the wire; the console gets the detail, as Hasura's log does.
  console.error('[hasura] unexpected error:', error)
  return new HasuraError('unexpected', 'unexpected error', path)
}
