/**
 * The stack's SPA server, run as a worker thread (`workers.ts`): Vite's dev server — what `npm start` serves — or
 * `vite preview` of a production build, through Vite's JS API with the project's `vite.config.ts`. Its `VITE_*` and
 * `HASURA_PROJECT_DIR` are the worker's own environment, as a child process's would be.
 */
import { workerData } from 'node:worker_threads'
import { createServer, preview } from 'vite'
import { onStopRequest } from '../emulators/stop-request.ts'

export interface SpaServerOptions {
  mode: 'dev' | 'preview'
  port: number
  /** `preview`: the folder of the build. */
  outDir?: string
}

const { mode, port, outDir } = workerData as SpaServerOptions
const listen = { port, strictPort: true, host: 'localhost' }

try {
  const server =
    mode === 'dev'
      ? await (await createServer({ server: listen })).listen()
      : await preview({ preview: listen, build: { outDir } })
  console.log(`[spa] ready on http://localhost:${port} (${mode === 'dev' ? 'Vite dev server' : 'production build'})`)
  onStopRequest(() => {
    void server.close().finally(() => process.exit(0))
  })
} catch (error) {
  console.error(`[spa] cannot start: ${(error as Error).message}`)
  process.exit(1)
}
