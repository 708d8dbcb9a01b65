/**
 * A least-recently-used cache bounded in entries and in (estimated) bytes, keyed by a hash: a client chooses the
 * query text and the role name, so neither is kept as a key, and no number of distinct queries can grow memory past
 * the bound.
 */
import { createHash } from 'node:crypto'

/** SHA-256 of the parts, as a short fixed-size key. */
export function hashKey(...parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('base64url')
}

export class BoundedCache<V> {
  readonly #entries = new Map<string, { value: V; bytes: number }>()
  readonly #maxBytes: number
  readonly #maxEntries: number
  #bytes = 0

  constructor(maxBytes: number, maxEntries: number) {
    this.#maxBytes = maxBytes
    this.#maxEntries = maxEntries
  }

  get bytes(): number {
    return this.#bytes
  }

  get size(): number {
    return this.#entries.size
  }

  /** The cached value for `key`, else `make()`, kept unless it alone is larger than the whole cache. */
  remember(key: string, make: () => V, bytesOf: (value: V) => number): V {
    const hit = this.#entries.get(key)
    if (hit) {
      this.#entries.delete(key)
      this.#entries.set(key, hit)
      return hit.value
    }
    const value = make()
    const bytes = bytesOf(value) + key.length
    if (bytes > this.#maxBytes) return value
    this.#entries.set(key, { value, bytes })
    this.#bytes += bytes
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes && this.#entries.size <= this.#maxEntries) break
      this.#entries.delete(oldest)
      this.#bytes -= entry.bytes
    }
    return value
  }
}
