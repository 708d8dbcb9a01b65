/**
 * The isolation proof's code (Apollo, graphql) as one shared, lazily started import: `main.tsx` starts it as soon
 * as a sign-in comes back, and the callback page renders it the moment it is there — without React.lazy, whose
 * Suspense reveal React throttles by 300 ms.
 */
let module: Promise<typeof import('./isolation-proof.tsx')> | undefined

export function loadProof(): Promise<typeof import('./isolation-proof.tsx')> {
  module ??= import('./isolation-proof.tsx')
  return module
}
