import { localhost, localUrls } from '../lib/local-pool.ts'

/** The end-to-end stack's ports: apart from the demo's defaults, so the suite never touches a running demo. */
export const E2E = {
  cognitoPort: Number(process.env.E2E_COGNITO_PORT ?? 4229),
  hasuraPort: Number(process.env.E2E_HASURA_PORT ?? 4080),
  spaPort: Number(process.env.E2E_SPA_PORT ?? 4333),
  pkceSpaPort: Number(process.env.E2E_PKCE_SPA_PORT ?? 4334),
  controlPort: Number(process.env.E2E_CONTROL_PORT ?? 4999),
}

export const urls = {
  ...localUrls(E2E),
  pkceSpa: localhost(E2E.pkceSpaPort),
  control: `http://127.0.0.1:${E2E.controlPort}`,
}

/**
 * The stack of notes.spec.ts, which serves examples/notes: next to the suite's own ports (the PKCE SPA already has
 * E2E_SPA_PORT + 1), so moving the E2E_* ports moves it too.
 */
export const NOTES_E2E = {
  cognitoPort: E2E.cognitoPort + 1,
  hasuraPort: E2E.hasuraPort + 1,
  spaPort: E2E.spaPort + 2,
}
