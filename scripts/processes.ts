/**
 * Child processes of the local stack, the benchmarks and the tools: start a Node script (with `tsx`), hand its
 * output on line by line, wait until it answers (a URL) or says so (a line), and stop it — SIGTERM, then SIGKILL
 * after a grace period. One place for what `npm start`, the end-to-end stack and `npm run bench` all do. The stack's
 * own parts run as worker threads (`workers.ts`), which share the `Running` side of this file.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import type { Readable } from 'node:stream'

export const root = path.resolve(import.meta.dirname, '..')

/** How much of a child's output is kept for error messages (its tail). */
const KEEP_OUTPUT = 16_384

export type LineHandler = (line: string, stream: 'stdout' | 'stderr') => void

/** Something started that prints lines and ends: a child process or a worker thread. */
export interface Running {
  readonly name: string
  /** For error messages: the tail of what it printed, or a pointer to where its lines were shown. */
  output(): string
  /** True once it has exited (by itself, by a signal, or terminated). */
  exited(): boolean
  /** How it ended, for error messages: "exited with code 1", "was ended by SIGTERM". */
  ending(): string
  /** Calls `listener` once when it exits; returns a function that cancels that. */
  onExit(listener: () => void): () => void
  /** Hands every later non-empty line to `handler` until the returned function is called. */
  listen(handler: LineHandler): () => void
}

export interface Child extends Running {
  readonly process: ChildProcess
  /** Whether it leads its own process group (see SpawnOptions.group). */
  readonly group: boolean
}

/**
 * Reads `stdout` and `stderr` line by line: every non-empty line goes to the current handlers, and the tail is kept
 * for error messages. The line-handling half of `Running`.
 */
export function lineOutput(
  streams: { stdout: Readable; stderr: Readable },
  onLine: LineHandler | undefined,
): Pick<Running, 'output' | 'listen'> {
  let output = ''
  const handlers = new Set<LineHandler>(onLine ? [onLine] : [])
  for (const stream of ['stdout', 'stderr'] as const) {
    let buffer = ''
    streams[stream].on('data', (chunk: Buffer) => {
      const text = chunk.toString()
      output = (output + text).slice(-KEEP_OUTPUT)
      const lines = (buffer + text).split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) if (line.trim()) for (const handle of handlers) handle(line, stream)
    })
  }
  return {
    output: () => (onLine ? '(see its output above)' : `its output:\n${output}`),
    listen: (handler) => {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
  }
}

export interface SpawnOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>
  /** Every non-empty line it prints (error messages then refer to it rather than repeat it). */
  onLine?: LineHandler
  /**
   * Leads a process group of its own, which `stopChild` signals as a whole: for commands such as `npm start`
   * that do not hand a signal on to everything they started.
   */
  group?: boolean
}

/** Starts `node <args>` in the project's root. Use `['--import', 'tsx', script]` for a TypeScript file. */
export function spawnNode(name: string, args: string[], options: SpawnOptions = {}): Child {
  return spawnCommand(name, process.execPath, args, options)
}

/** Starts any command in the project's root (e.g. `npm start`, to measure what a user runs). */
export function spawnCommand(name: string, command: string, args: string[], options: SpawnOptions = {}): Child {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group === true,
  })
  const exited = () => child.exitCode !== null || child.signalCode !== null
  return {
    name,
    process: child,
    group: options.group === true,
    ...lineOutput(child, options.onLine),
    exited,
    ending: () => (child.signalCode ? `was ended by ${child.signalCode}` : `exited with code ${child.exitCode}`),
    onExit: (listener) => {
      if (exited()) {
        listener()
        return () => {}
      }
      child.once('exit', listener)
      return () => child.off('exit', listener)
    },
  }
}

/** Prefixes each line with `[name]` (unless the child already prefixes its own) and hands it to `log`. */
export function prefixed(name: string, log: (line: string) => void): (line: string) => void {
  return (line) => log(line.startsWith('[') ? line : `[${name}] ${line}`)
}

function diedEarly(child: Running): Error {
  return new Error(`${child.name} ${child.ending()} before it was ready ${child.output()}`)
}

/** Polls `url` until it answers 2xx; fails early when the child exits. */
export async function waitForUrl(child: Running, url: string, timeoutMs = 60_000): Promise<void> {
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
export function waitForLine(child: Running, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let unlisten = () => {}
    let cancelExit = () => {}
    const done = (error?: Error) => {
      clearTimeout(timer)
      unlisten()
      cancelExit()
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
    cancelExit = child.onExit(onExit)
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
    const send = (s: NodeJS.Signals) => {
      try {
        if (child.group) process.kill(-(child.process.pid as number), s)
        else child.process.kill(s)
      } catch {
        // already gone
      }
    }
    send(signal)
    setTimeout(() => send('SIGKILL'), graceMs).unref()
  })
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** The first free port of the hundred from `from` (tests that start a real stand-in as a process of its own). */
export async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 100; port++) if (await portIsFree(port)) return port
  throw new Error(`no free port from ${from}`)
}
