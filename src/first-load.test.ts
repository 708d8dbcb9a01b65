/**
 * What the production build makes the browser load before the callback can paint: the entry chunk and the chunks it
 * imports statically. react-router, the route table and the other pages stay out of it (they load after the
 * verdict, or at the first link clicked: docs/decisions/018-spa-first-load-and-paint.md). Sizes are measured by
 * `npm run bench`, not asserted here.
 */
import path from 'node:path'
import { build, type Rolldown } from 'vite'
import { beforeAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
let chunks: Rolldown.OutputChunk[]

beforeAll(async () => {
  const output = await build({
    root,
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'silent',
    build: { write: false },
  })
  const outputs = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[]
  chunks = outputs.flatMap((o) => o.output).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk')
})

/**
 * The modules of the entry chunk and of every chunk it imports statically: the project's as paths relative to it,
 * packages as `npm:<name>/<file>`.
 */
function firstLoadModules(): string[] {
  const byFile = new Map(chunks.map((c) => [c.fileName, c]))
  const entry = chunks.find((c) => c.isEntry)
  if (!entry) throw new Error('no entry chunk')
  const seen = new Set<Rolldown.OutputChunk>()
  const visit = (chunk: Rolldown.OutputChunk) => {
    if (seen.has(chunk)) return
    seen.add(chunk)
    for (const file of chunk.imports) visit(byFile.get(file) as Rolldown.OutputChunk)
  }
  visit(entry)
  return [...seen]
    .flatMap((c) => c.moduleIds)
    .map((id) => id.split('?')[0] as string)
    .map((id) => (id.includes('/node_modules/') ? `npm:${id.split('/node_modules/').at(-1)}` : path.relative(root, id)))
}

describe("the callback's first load", () => {
  it('holds what paints the verdict: React, jose, the callback page and its frame', () => {
    const modules = firstLoadModules()
    for (const needed of ['src/routes/callback.tsx', 'src/routes/root.tsx', 'src/auth/verify-id-token.ts']) {
      expect(modules).toContain(needed)
    }
    expect(modules.some((m) => m.startsWith('npm:react-dom/'))).toBe(true)
    expect(modules.some((m) => m.startsWith('npm:jose/'))).toBe(true)
  })

  it('leaves out react-router, the route table and the other pages', () => {
    const modules = firstLoadModules()
    expect(modules.filter((m) => m.startsWith('npm:react-router'))).toEqual([])
    for (const later of [
      'src/router.tsx',
      'src/routes/home.tsx',
      'src/routes/proof.tsx',
      'src/routes/inspect.tsx',
      'src/proof/isolation-proof.tsx',
      'src/components/token-timeline.tsx',
    ]) {
      expect(modules).not.toContain(later)
    }
    expect(modules.filter((m) => m.startsWith('npm:@apollo/') || m.startsWith('npm:graphql/'))).toEqual([])
  })
})
