/**
 * JSON that Postgres already wrote — a root field's whole answer — kept as text and spliced into the response, as
 * Hasura does: it takes the statement's one row as encoded JSON without parsing it (`asSingleRowJsonResp`:
 * `encJFromBS . runIdentity . Q.getRow`; `EncJSON` in `server/src-lib/Hasura/EncJSON.hs`). So an answer keeps
 * Postgres' own number text (a bigint beyond 2^53, a numeric's trailing zeros) and spacing (`{"id" : 1}`,
 * `[{…}, {…}]`); a client parses the same values.
 */
export class JsonText {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

/** One root field's answer: `JsonText`, a list of them (`update_<t>_many`), or a value graphql-js made. */
function fieldText(value: unknown): string {
  if (value instanceof JsonText) return value.text
  if (Array.isArray(value)) return `[${value.map(fieldText).join(',')}]`
  return JSON.stringify(value) ?? 'null'
}

/** The body of a `/v1/graphql` answer: `{"data":{…}}` with each root field's answer spliced in, or the errors. */
export function responseText(response: object): string {
  if (!('data' in response) || response.data === null || typeof response.data !== 'object') {
    return JSON.stringify(response)
  }
  const fields = Object.entries(response.data).map(([key, value]) => `${JSON.stringify(key)}:${fieldText(value)}`)
  return `{"data":{${fields.join(',')}}}`
}
