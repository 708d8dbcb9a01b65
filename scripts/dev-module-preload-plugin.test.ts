import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { devModulePreloadPlugin, reachableUrls } from './dev-module-preload-plugin.ts'

const HTML = '<!doctype html><html><head></head><body><script type="module" src="/main.ts"></script></body></html>'

/**
 * A real dev server over a tiny app: main → a and c → b (lazily, from both), a CSS import, and a file a plugin only
 * watches.
 */
let root: string
let server: ViteDevServer
beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'dev-preload-'))
  writeFileSync(path.join(root, 'index.html'), HTML)
  writeFileSync(
    path.join(root, 'main.ts'),
    "import { a } from './a.ts'\nimport { c } from './c.ts'\nimport './style.css'\nconsole.log(a(), c())\n",
  )
  writeFileSync(path.join(root, 'c.ts'), "export const c = () => import('./b.ts')\n")
  writeFileSync(path.join(root, 'a.ts'), "export const a = () => import('./b.ts')\n")
  writeFileSync(path.join(root, 'b.ts'), 'export const b = 1\n')
  writeFileSync(path.join(root, 'style.css'), 'body { color: red }\n')
  writeFileSync(path.join(root, 'data.yaml'), 'watched: only\n')
  server = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    server: { middlewareMode: true, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
    plugins: [
      devModulePreloadPlugin('/main.ts'),
      {
        name: 'watches-a-file', // as the Hasura schema plugin watches the project's YAML
        transform(_code, id) {
          if (id.endsWith('/a.ts')) this.addWatchFile(path.join(root, 'data.yaml'))
        },
      },
    ],
  })
})
afterAll(async () => {
  await server?.close()
  rmSync(root, { recursive: true, force: true })
})

const preloads = async () =>
  [...(await server.transformIndexHtml('/', HTML)).matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(
    (m) => m[1] as string,
  )

describe('dev module preload', () => {
  it('lists nothing before the server has served the page once', async () => {
    expect(await preloads()).toEqual([])
  })

  it('lists the entry, then its imports breadth first, each once — never a file it only watches', async () => {
    for (const url of ['/main.ts', '/a.ts', '/c.ts', '/style.css', '/b.ts']) await server.transformRequest(url)
    const urls = await preloads()
    expect(urls).toEqual(['/main.ts', '/a.ts', '/c.ts', '/style.css', '/b.ts'])
    expect(urls.some((u) => u.includes('data.yaml'))).toBe(false)
  })

  it('leaves out a module the server has not served (its transform was invalidated by an edit)', async () => {
    const b = await server.environments.client.moduleGraph.getModuleByUrl('/b.ts')
    if (b) server.environments.client.moduleGraph.invalidateModule(b)
    expect(await preloads()).toEqual(['/main.ts', '/a.ts', '/c.ts', '/style.css'])
  })

  it('is bounded', async () => {
    const entry = await server.environments.client.moduleGraph.getModuleByUrl('/main.ts')
    expect(entry && reachableUrls(entry, 2)).toEqual(['/main.ts', '/a.ts'])
  })
})
