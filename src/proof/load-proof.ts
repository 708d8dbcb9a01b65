/** The isolation proof's code (Apollo, graphql): requested by the verdict that shows it (callback.tsx). */
import { lazyModule } from '../lazy-module.ts'

export const loadProof = lazyModule(() => import('./isolation-proof.tsx'))
