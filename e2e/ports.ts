import { localhost, localUrls } from '../lib/local-pool.ts'

/** The end-to-end stack's ports: apart from the demo's defaults, so the suite never touches a running demo. */
export const E2E = {
  cognitoPort: Number(process.env.E2E_COGNITO_PORT ?? 4229),
  hasuraPort: Number(process.env.E2E_HASURA_PORT ?? 4080),
  spaPort: Number(process.env.E2E_SPA_PORT ?? 4333),
  pkceSpaPort: Number(process.env.E2E_PKCE_SPA_PORT ?? 4334),
  controlPort: Number(process.env.E2E_CONTROL_PORT ?? 4999),
}

/**
 * The ports of a spec's own second stack — `access-token-v2.spec.ts` (`npm start` with VITE_HASURA_TOKEN=access) and
 * `notes.spec.ts` (examples/notes). Playwright runs one spec at a time and each stops its stack, so they share them:
 * one above this stack's Cognito and Hasura, and above the PKCE SPA — moving with the E2E_* ports.
 */
export const SECOND_STACK = {
  cognitoPort: E2E.cognitoPort + 1,
  hasuraPort: E2E.hasuraPort + 1,
  spaPort: E2E.pkceSpaPort + 1,
}

/** Hasura's admin secret in the end-to-end stacks (and, as their configuration, the sync triggers'). */
export const E2E_ADMIN_SECRET = 'e2e-admin-secret'

export const urls = {
  ...localUrls(E2E),
  pkceSpa: localhost(E2E.pkceSpaPort),
  control: `http://127.0.0.1:${E2E.controlPort}`,
}
