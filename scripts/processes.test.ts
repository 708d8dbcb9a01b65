import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { portIsFree, prefixed, spawnNode, stopChild, waitForLine, waitForUrl } from './processes.ts'

const node = (name: string, code: string, onLine?: (line: string) => void) =>
  spawnNode(name, ['-e', code], { env: { GREETING: 'hello' }, onLine })

describe('child processes', () => {
  it('hands on every non-empty line, whole, and waits for a line on stdout', async () => {
    const lines: string[] = []
    const child = node(
      'greeter',
      `process.stdout.write(process.env.GREETING + ' wor'); setTimeout(() => {
        process.stdout.write('ld\\n\\n[own] prefix\\n'); console.error('not ready'); console.log('ready now')
      }, 20); setInterval(() => {}, 1000)`,
      prefixed('greeter', (line) => lines.push(line)),
    )
    await waitForLine(child, /^ready\b/)
    expect(await stopChild(child)).toBeNull() // ended by SIGTERM
    expect(lines).toContain('[greeter] hello world')
    expect(lines).toContain('[own] prefix')
    expect(lines).not.toContain('[greeter] ')
  })

  it('a line on stderr does not count as the ready line; an early exit fails with the output', async () => {
    const child = node('failing', `console.error('ready? no: port taken'); process.exit(3)`)
    await expect(waitForLine(child, /ready/)).rejects.toThrow(
      /^failing exited with code 3 before it was ready its output:\nready\? no: port taken/,
    )
  })

  it('points at the shown output instead of repeating it', async () => {
    const child = node('shown', `console.log('boom'); process.exit(1)`, () => {})
    await expect(waitForUrl(child, 'http://127.0.0.1:9/', 5000)).rejects.toThrow(
      'shown exited with code 1 before it was ready (see its output above)',
    )
  })

  it('waits until a URL answers 2xx', async () => {
    const server = createServer((_, res) => res.end('ok')).listen(0, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    const { port } = server.address() as AddressInfo
    const child = node('idle', 'setInterval(() => {}, 1000)')
    await waitForUrl(child, `http://127.0.0.1:${port}/`)
    expect(await portIsFree(port)).toBe(false)
    server.close()
    await stopChild(child)
  })

  it('stops with the given signal and its exit code, and kills what ignores SIGTERM', async () => {
    const clean = node(
      'clean',
      `process.on('SIGINT', () => process.exit(0)); console.log('ready'); setInterval(() => {}, 1000)`,
    )
    await waitForLine(clean, /ready/)
    expect(await stopChild(clean, { signal: 'SIGINT' })).toBe(0)

    const stubborn = node(
      'stubborn',
      `process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)`,
    )
    await waitForLine(stubborn, /ready/)
    expect(await stopChild(stubborn, { graceMs: 200 })).toBeNull()
    expect(stubborn.process.signalCode).toBe('SIGKILL')
    expect(await stopChild(stubborn)).toBeNull() // already gone: resolves at once
  })
})
