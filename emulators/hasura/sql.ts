/** SQL text helpers: identifiers are quoted, values always travel as bound parameters. */

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`
}

/** Collects bound parameters; `add` returns the placeholder, cast to a Postgres type when one is given. */
export class Params {
  readonly values: unknown[] = []
  /** The parameters that hold a session variable's value, and its name (`engine.ts` rebinds them per request). */
  readonly fromSession: [index: number, name: string][] = []
  add(value: unknown, pgType?: string, sessionVariable?: string): string {
    if (sessionVariable !== undefined) this.fromSession.push([this.values.length, sessionVariable])
    this.values.push(value)
    const placeholder = `$${this.values.length}`
    return pgType ? `${placeholder}::${castType(pgType)}` : placeholder
  }
}

/** `udt_name` → a type usable in a cast; arrays (`_int4`) become `int4[]`. */
export function castType(pgType: string): string {
  return pgType.startsWith('_') ? `${ident(pgType.slice(1))}[]` : ident(pgType)
}

/** A string constant in SQL text, for JSON keys that come from the query (response keys), never for values. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/** Postgres functions take at most 100 arguments: 50 key/value pairs per `json_build_object`. */
const PAIRS_PER_CALL = 50

/**
 * `json_build_object('key', value, …)` from entries of SQL text, keys in the given (selection) order. More than 50
 * entries are built in chunks whose texts are joined — `{"a" : 1}` and `{"b" : 2}` into `{"a" : 1, "b" : 2}` — as
 * jsonb would not keep the order.
 */
export function jsonObject(entries: readonly (readonly [key: string, value: string])[]): string {
  const call = (chunk: readonly (readonly [string, string])[]) =>
    `json_build_object(${chunk.map(([key, value]) => `${literal(key)}, ${value}`).join(', ')})`
  if (entries.length <= PAIRS_PER_CALL) return call(entries)
  const inner: string[] = []
  for (let i = 0; i < entries.length; i += PAIRS_PER_CALL) {
    // Each chunk has at least one key, so its text is `{…}` with something between the braces.
    inner.push(`left(right(${call(entries.slice(i, i + PAIRS_PER_CALL))}::text, -1), -1)`)
  }
  return `('{' || ${inner.join(" || ', ' || ")} || '}')::json`
}
