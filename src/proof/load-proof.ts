/** The isolation proof's code (Apollo, graphql): started by `main.tsx` as soon as a sign-in comes back verified. */
import { lazyModule } from '../lazy-module.ts'

export const loadProof = lazyModule(() => import('./isolation-proof.tsx'))
