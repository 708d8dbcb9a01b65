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
  add(value: unknown, pgType?: string): string {
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

/** `json_build_object('key', value, …)` from entries of SQL text. */
export function jsonObject(entries: readonly (readonly [key: string, value: string])[]): string {
  return `json_build_object(${entries.map(([key, value]) => `${literal(key)}, ${value}`).join(', ')})`
}
