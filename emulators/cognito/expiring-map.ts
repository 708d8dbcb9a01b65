/**
 * A map for short-lived state (authorization codes, hosted sessions, attempt counters) that cannot grow without
 * bound: an expired entry is never returned, expired entries are swept as new ones arrive (once a minute, or when
 * the map is full), and a full map drops its oldest entry.
 */
import type { Clock } from '../clock.ts'

const SWEEP_EVERY_MS = 60_000

export class ExpiringMap<V> {
  readonly capacity: number
  readonly #entries = new Map<string, { value: V; expiresAt: number }>()
  readonly #clock: Clock
  #lastSweep = 0

  constructor(clock: Clock, capacity: number) {
    this.#clock = clock
    this.capacity = capacity
  }

  get size(): number {
    return this.#entries.size
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= this.#clock.now().getTime()) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
  }

  set(key: string, value: V, expiresAt: number): void {
    const now = this.#clock.now().getTime()
    // Re-inserted at the end: the first entry is always the one written longest ago.
    this.#entries.delete(key)
    if (this.#entries.size >= this.capacity || now - this.#lastSweep >= SWEEP_EVERY_MS) this.#sweep(now)
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    this.#entries.set(key, { value, expiresAt })
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }

  #sweep(now: number): void {
    this.#lastSweep = now
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key)
  }
}
