/**
 * Child processes of the local stack, the benchmarks and the tools: start a Node script (with `tsx`), hand its
 * output on line by line, wait until it answers (a URL) or says so (a line), and stop it — SIGTERM, then SIGKILL
 * after a grace period. One place for what `npm start`, the end-to-end stack and `npm run bench` all do.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '..')

/** How much of a child's output is kept for error messages (its tail). */
const KEEP_OUTPUT = 16_384

export type LineHandler = (line: string, stream: 'stdout' | 'stderr') => void

export interface Child {
  readonly name: string
  readonly process: ChildProcess
  /** For error messages: the tail of what it printed, or a pointer to where its lines were shown. */
  output(): string
  /** True once it has exited (by itself or by a signal). */
  exited(): boolean
  /** Hands every later non-empty line to `handler` until the returned function is called. */
  listen(handler: LineHandler): () => void
}

export interface SpawnOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>
  /** Every non-empty line it prints (error messages then refer to it rather than repeat it). */
  onLine?: LineHandler
}

/** Starts `node <args>` in the project's root. Use `['--import', 'tsx', script]` for a TypeScript file. */
export function spawnNode(name: string, args: string[], options: SpawnOptions = {}): Child {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const handlers = new Set<LineHandler>(options.onLine ? [options.onLine] : [])
  for (const stream of ['stdout', 'stderr'] as const) {
    let buffer = ''
    child[stream].on('data', (chunk: Buffer) => {
      const text = chunk.toString()
      output = (output + text).slice(-KEEP_OUTPUT)
      const lines = (buffer + text).split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) if (line.trim()) for (const handle of handlers) handle(line, stream)
    })
  }
  return {
    name,
    process: child,
    output: () => (options.onLine ? '(see its output above)' : `its output:\n${output}`),
    exited: () => child.exitCode !== null || child.signalCode !== null,
    listen: (handler) => {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
  }
}

/** Prefixes each line with `[name]` (unless the child already prefixes its own) and hands it to `log`. */
export function prefixed(name: string, log: (line: string) => void): (line: string) => void {
  return (line) => log(line.startsWith('[') ? line : `[${name}] ${line}`)
}

function diedEarly(child: Child): Error {
  const { exitCode, signalCode } = child.process
  const how = signalCode ? `was ended by ${signalCode}` : `exited with code ${exitCode}`
  return new Error(`${child.name} ${how} before it was ready ${child.output()}`)
}

/** Polls `url` until it answers 2xx; fails early when the child exits. */
export async function waitForUrl(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (child.exited()) throw diedEarly(child)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) })
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${child.name} did not answer at ${url} within ${timeoutMs / 1000} s`)
}

/**
 * Resolves when the child prints a line on stdout matching `pattern` from now on (call it right after `spawnNode`);
 * fails when the child exits first.
 */
export function waitForLine(child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let unlisten = () => {}
    const done = (error?: Error) => {
      clearTimeout(timer)
      unlisten()
      child.process.off('exit', onExit)
      if (error) reject(error)
      else resolve()
    }
    const onLine: LineHandler = (line, stream) => {
      if (stream === 'stdout' && pattern.test(line)) done()
    }
    const onExit = () => done(diedEarly(child))
    const timer = setTimeout(
      () =>
        done(
          new Error(`${child.name} printed no line matching ${pattern} within ${timeoutMs / 1000} s ${child.output()}`),
        ),
      timeoutMs,
    )
    if (child.exited()) return onExit()
    unlisten = child.listen(onLine)
    child.process.once('exit', onExit)
  })
}

/**
 * Sends `signal` (SIGTERM unless told), then SIGKILL if the child is still there after `graceMs`. Resolves with its
 * exit code (null when a signal ended it).
 */
export function stopChild(
  child: Child,
  { signal = 'SIGTERM', graceMs = 3000 }: { signal?: NodeJS.Signals; graceMs?: number } = {},
): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exited()) return resolve(child.process.exitCode)
    child.process.once('exit', (code) => resolve(code))
    child.process.kill(signal)
    setTimeout(() => child.process.kill('SIGKILL'), graceMs).unref()
  })
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}
