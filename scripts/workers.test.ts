import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prefixed, root, waitForLine } from './processes.ts'
import { bundle, startWorker } from './workers.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'stack-workers-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const source = (name: string, text: string) => {
  const file = path.join(dir, name)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, text)
  return file
}

const stopRequest = path.join(root, 'emulators/stop-request.ts')
const outDir = path.join(dir, 'bundles')
let files: Record<'serving' | 'stubborn' | 'crashing' | 'parts', string>

beforeAll(async () => {
  source('parts/one.ts', `export const value = 'one'`)
  source('parts/one.test.ts', `import { it } from 'vitest'\nit('is never bundled', () => {})`)
  files = await bundle(
    {
      // A stand-in in miniature: reads its environment, says it is ready, and closes up when asked to stop.
      serving: source(
        'serving.ts',
        `import { onStopRequest } from ${JSON.stringify(stopRequest)}
      import { workerData } from 'node:worker_threads'
      const greeting: string = process.env.GREETING ?? 'none'
      process.env.GREETING = 'changed by the worker'
      console.log(\`ready: \${greeting}, \${JSON.stringify(workerData)}\`)
      console.error('a warning')
      const timer = setInterval(() => {}, 1000)
      onStopRequest(() => {
        clearInterval(timer)
        console.log('closed')
        process.exit(0)
      })`,
      ),
      stubborn: source('stubborn.ts', `console.log('ready'); setInterval(() => {}, 1000)`),
      crashing: source('crashing.ts', `const reason: string = 'no database'\nthrow new RangeError(reason)`),
      // Parts imported by name, as the Cognito stand-in imports its triggers, with a test beside them.
      parts: source(
        'parts.ts',
        `const name: string = process.env.PART ?? 'one'
      const part = (await import(\`./parts/\${name}.ts\`)) as { value: string }
      console.log(\`ready: \${part.value}\`)`,
      ),
    },
    outDir,
  )
})

describe('bundles for worker threads', () => {
  it('one ES module per entry, named by its content', async () => {
    expect(path.dirname(files.serving)).toBe(outDir)
    expect(path.basename(files.serving)).toMatch(/^serving-[0-9a-f]{16}\.mjs$/)
    expect(existsSync(files.serving)).toBe(true)
    expect((await bundle({ serving: path.join(dir, 'serving.ts') }, outDir)).serving).toBe(files.serving)
    source('stubborn.ts', `console.log('ready, changed'); setInterval(() => {}, 1000)`)
    expect((await bundle({ stubborn: path.join(dir, 'stubborn.ts') }, outDir)).stubborn).not.toBe(files.stubborn)
  })

  it('parts imported by name come along; the tests beside them are bundled empty', () => {
    const code = readFileSync(files.parts, 'utf8')
    expect(code).toMatch(/value = "one"/)
    expect(code).not.toContain('vitest')
  })
})

describe('worker threads', () => {
  it('have their own environment, hand their lines on, and stop when asked', async () => {
    process.env.GREETING = 'hello'
    const lines: string[] = []
    const worker = startWorker('serving', files.serving, {
      env: { GREETING: 'hello from the stack' },
      data: { port: 1 },
      onLine: prefixed('serving', (line) => lines.push(line)),
    })
    await waitForLine(worker, /^ready/)
    expect(lines).toContain('[serving] ready: hello from the stack, {"port":1}')
    expect(await worker.stop()).toBe(0)
    expect(lines).toEqual(expect.arrayContaining(['[serving] a warning', '[serving] closed']))
    expect(worker.ending()).toBe('exited with code 0')
    expect(process.env.GREETING).toBe('hello') // the worker's change stayed in the worker
    delete process.env.GREETING
  })

  it('are terminated when they do not stop within the grace period', async () => {
    const worker = startWorker('stubborn', files.stubborn)
    await waitForLine(worker, /^ready/)
    expect(await worker.stop({ graceMs: 100 })).toBe(1)
    expect(worker.ending()).toBe('was terminated')
    expect(await worker.stop()).toBe(1) // already gone: resolves at once
  })

  it('an uncaught error ends the worker; its stack names the TypeScript source', async () => {
    const lines: string[] = []
    const worker = startWorker('crashing', files.crashing, { onLine: (line) => lines.push(line) })
    await expect(waitForLine(worker, /ready/)).rejects.toThrow(
      'crashing exited with code 1 before it was ready (see its output above)',
    )
    expect(lines[0]).toBe('RangeError: no database')
    expect(lines.join('\n')).toMatch(/crashing\.ts:2/)
  })
})
