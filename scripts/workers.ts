/**
 * The local stack's parts — both stand-ins and the SPA server — as worker threads of the one process that starts
 * them (`npm start`, the end-to-end stack, the benchmarks) rather than as child processes: each keeps its own
 * `process.env` (as a child's environment), its own event loop (PGlite's SQL blocks only the Hasura stand-in) and
 * its own lines of output, but not a Node runtime of its own. Each part is bundled once by esbuild, its packages left
 * to Node, so a worker needs no TypeScript loader: `tsx` would cost a loader thread per worker and a copy of every
 * module it loads (docs/decisions/016-npm-start-memory-and-start-up.md has the numbers).
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { build, type Plugin, stop as stopEsbuild } from 'esbuild'
import { STOP_MESSAGE } from '../emulators/stop-request.ts'
import { type LineHandler, lineOutput, type Running, root } from './processes.ts'

const CACHE = path.join(root, 'node_modules', '.cache', 'stack')
/** Bundles of older sources are removed once they have not been written for this long. */
const KEEP_OLD_BUNDLES_MS = 24 * 3600 * 1000

/**
 * The Cognito stand-in imports its triggers by name (`cognito/triggers/${name}.ts`), which esbuild bundles as every
 * file the pattern matches — the tests beside the triggers too. No name leads to them, so they are bundled empty
 * rather than pull vitest and a whole Hasura stand-in into the Cognito stand-in.
 */
const withoutTests: Plugin = {
  name: 'without-tests',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.test\.ts$|[\\/]testing\.ts$/ }, () => ({ contents: '', loader: 'ts' }))
  },
}

let bundling = Promise.resolve()

/**
 * Bundles each TypeScript entry (`name → path from the project root`) into one ES module in `outDir` (whose
 * packages Node must find: `node_modules/.cache/stack/` for the stack), named by its content: identical sources give
 * the same file, so stacks started at the same time never write a file another is reading. Returns `name → file`.
 */
export function bundle<Name extends string>(
  entries: Record<Name, string>,
  outDir = CACHE,
): Promise<Record<Name, string>> {
  // One build at a time per process: each ends esbuild's service, which would cut a concurrent build short.
  const result = bundling.then(() => bundleNow(entries, outDir))
  bundling = result.then(
    () => {},
    () => {},
  )
  return result
}

async function bundleNow<Name extends string>(
  entries: Record<Name, string>,
  outDir: string,
): Promise<Record<Name, string>> {
  try {
    const { outputFiles } = await build({
      absWorkingDir: root,
      entryPoints: entries,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      // The stand-ins' error classes are named after wire codes (`this.constructor.name`): no renaming.
      keepNames: true,
      sourcemap: 'inline',
      sourcesContent: false,
      write: false,
      outdir: outDir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'silent',
      plugins: [withoutTests],
    })
    mkdirSync(outDir, { recursive: true })
    const files = {} as Record<Name, string>
    for (const output of outputFiles) {
      const name = path.basename(output.path, '.mjs') as Name
      const file = path.join(
        outDir,
        `${name}-${createHash('sha256').update(output.contents).digest('hex').slice(0, 16)}.mjs`,
      )
      if (!existsSync(file)) {
        const partial = `${file}.${process.pid}.partial`
        writeFileSync(partial, output.contents)
        renameSync(partial, file)
      }
      files[name] = file
    }
    removeOldBundles(outDir, new Set(Object.values(files)))
    return files
  } finally {
    // esbuild's service is a child process of its own; the stack does not keep it for the rest of its life.
    await stopEsbuild()
  }
}

function removeOldBundles(outDir: string, current: Set<string>): void {
  const now = Date.now()
  for (const entry of readdirSync(outDir)) {
    const file = path.join(outDir, entry)
    try {
      if (!current.has(file) && now - statSync(file).mtimeMs > KEEP_OLD_BUNDLES_MS) rmSync(file, { force: true })
    } catch {
      // removed by another stack meanwhile
    }
  }
}

export interface StackWorker extends Running {
  readonly thread: Worker
  /**
   * Asks it to stop (`onStopRequest`: it closes its server and its data, then exits) and terminates it if it is
   * still there after `graceMs` — a thread's SIGTERM and SIGKILL. Resolves with its exit code.
   */
  stop(options?: { graceMs?: number }): Promise<number>
}

export interface WorkerOptions {
  /** Added to this process's environment: the worker's `process.env`. */
  env?: Record<string, string>
  /** The worker's `workerData`. */
  data?: unknown
  /** Every non-empty line it prints, and an uncaught error as the lines of its stack. */
  onLine?: LineHandler
}

/** Starts a bundled module (`bundle`) in a worker thread. */
export function startWorker(name: string, file: string, options: WorkerOptions = {}): StackWorker {
  const thread = new Worker(file, {
    env: { ...process.env, ...options.env },
    workerData: options.data,
    stdout: true,
    stderr: true,
    // Stack traces name the TypeScript sources (the bundle carries its source map).
    execArgv: ['--enable-source-maps'],
  })
  const lines = lineOutput(thread, options.onLine)
  let exitCode: number | undefined
  let terminated = false
  let uncaught = ''
  const exited = new Promise<number>((resolve) =>
    thread.once('exit', (code) => {
      exitCode = code
      resolve(code)
    }),
  )
  // A worker's uncaught error is not printed by Node, as a process's would be: it comes here.
  thread.on('error', (error) => {
    uncaught = error.stack ?? String(error)
    for (const line of uncaught.split('\n')) options.onLine?.(line, 'stderr')
  })
  return {
    name,
    thread,
    output: () => (options.onLine || !uncaught ? lines.output() : `${lines.output()}\n${uncaught}`),
    listen: lines.listen,
    exited: () => exitCode !== undefined,
    ending: () => (terminated ? 'was terminated' : `exited with code ${exitCode}`),
    onExit: (listener) => {
      let wanted = true
      void exited.then(() => wanted && listener())
      return () => {
        wanted = false
      }
    },
    stop: ({ graceMs = 3000 } = {}) => {
      if (exitCode === undefined) {
        thread.postMessage(STOP_MESSAGE)
        const timer = setTimeout(() => {
          terminated = true
          void thread.terminate()
        }, graceMs)
        void exited.then(() => clearTimeout(timer))
      }
      return exited
    },
  }
}
