/**
 * Cooperative yielding. Parsing, validating and compiling are synchronous, and so is PGlite (WebAssembly on this
 * thread): awaiting its promises only yields to other microtasks. A request therefore gives the event loop a real
 * turn (`setImmediate`) whenever it has held it for a slice, so one large request cannot hold `/healthz` or other
 * requests for longer than about one slice plus one statement.
 */
export interface Pacer {
  checkpoint(): Promise<void>
}

export function createPacer(sliceMs = 10, now: () => number = () => performance.now()): Pacer {
  let start = now()
  return {
    async checkpoint() {
      if (now() - start < sliceMs) return
      await new Promise<void>((resolve) => setImmediate(resolve))
      start = now()
    },
  }
}
