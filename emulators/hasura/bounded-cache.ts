/**
 * A least-recently-used cache bounded in entries and in (estimated) bytes, keyed by a hash: a client chooses the
 * query text and the role name, so neither is kept as a key, and no number of distinct queries can grow memory past
 * the bound.
 */
import { hash } from 'node:crypto'

/** SHA-256 of the parts, each ended by a NUL, as a short fixed-size key. */
export function hashKey(...parts: string[]): string {
  return hash('sha256', `${parts.join('\0')}\0`, 'base64url')
}

export class BoundedCache<V> {
  readonly #entries = new Map<string, { value: V; bytes: number }>()
  readonly #maxBytes: number
  readonly #maxEntries: number
  readonly #onEvict: (value: V) => void
  #bytes = 0

  /** `onEvict` hears of every value that leaves the cache to make room, e.g. to free what it holds elsewhere. */
  constructor(maxBytes: number, maxEntries: number, onEvict: (value: V) => void = () => {}) {
    this.#maxBytes = maxBytes
    this.#maxEntries = maxEntries
    this.#onEvict = onEvict
  }

  get bytes(): number {
    return this.#bytes
  }

  get size(): number {
    return this.#entries.size
  }

  /** The cached value for `key` (now the most recently used), or `undefined`. */
  get(key: string): V | undefined {
    const hit = this.#entries.get(key)
    if (!hit) return undefined
    this.#entries.delete(key)
    this.#entries.set(key, hit)
    return hit.value
  }

  /** Keeps `value` unless it alone is larger than the whole cache (then: false), evicting the least recently used. */
  set(key: string, value: V, bytesOf: (value: V) => number): boolean {
    const bytes = bytesOf(value) + key.length
    if (bytes > this.#maxBytes) return false
    const replaced = this.#entries.get(key)
    if (replaced) {
      this.#entries.delete(key)
      this.#bytes -= replaced.bytes
    }
    this.#entries.set(key, { value, bytes })
    this.#bytes += bytes
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes && this.#entries.size <= this.#maxEntries) break
      this.#entries.delete(oldest)
      this.#bytes -= entry.bytes
      this.#onEvict(entry.value)
    }
    return true
  }

  /** The cached value for `key`, else `make()`, kept unless it alone is larger than the whole cache. */
  remember(key: string, make: () => V, bytesOf: (value: V) => number): V {
    const hit = this.get(key)
    if (hit !== undefined) return hit
    const value = make()
    this.set(key, value, bytesOf)
    return value
  }
}
