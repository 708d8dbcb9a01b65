import type { ReactNode } from 'react'
import { usePromise } from '../promise-state.ts'

/**
 * Code kept out of the callback's first load (lazy-module.ts), rendered the moment it is there: through
 * `usePromise`, not React.lazy, whose Suspense reveal React throttles by 300 ms. A chunk that fails to load shows
 * `failed` when given, else goes to the error boundary.
 */
export function Lazy<M>({
  load,
  fallback = <p role="status">Loading…</p>,
  failed,
  children,
}: {
  load: () => Promise<M>
  fallback?: ReactNode
  failed?: ReactNode
  children: (module: M) => ReactNode
}) {
  const module = usePromise(load())
  if (module.status === 'fulfilled') return children(module.value)
  if (module.status === 'pending') return fallback
  if (failed === undefined) throw module.reason
  return failed
}
