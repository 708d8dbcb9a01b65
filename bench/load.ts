/** A small closed-loop load generator: `concurrency` workers send requests back to back for `durationMs`. */

export interface LoadResult {
  requests: number
  errors: number
  seconds: number
  rps: number
  p50: number
  p99: number
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

const ascending = (values: number[]) => [...values].sort((a, b) => a - b)

/** The median of unsorted values. */
export const median = (values: number[]): number => percentile(ascending(values), 50)

/** p50 and p99 of unsorted latencies. */
export function latency(values: number[]): { p50: number; p99: number } {
  const inOrder = ascending(values)
  return { p50: percentile(inOrder, 50), p99: percentile(inOrder, 99) }
}

function summarize(latencies: number[], errors: number, seconds: number): LoadResult {
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    ...latency(latencies),
  }
}

export async function load(
  send: (i: number) => Promise<boolean>,
  { concurrency = 8, durationMs = 5000, warmup = 200 } = {},
): Promise<LoadResult> {
  for (let i = 0; i < warmup; i++) await send(i)
  const latencies: number[] = []
  let errors = 0
  let counter = 0
  const started = performance.now()
  const deadline = started + durationMs
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now()
        const ok = await send(counter++)
        latencies.push(performance.now() - t)
        if (!ok) errors += 1
      }
    }),
  )
  return summarize(latencies, errors, (performance.now() - started) / 1000)
}

/** Runs `fn` `n` times one after the other and returns the latencies in ms. */
export async function sequential(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn(i)
    latencies.push(performance.now() - t)
  }
  return latencies
}
