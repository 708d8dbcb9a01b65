/**
 * The production build's index.html: by default a <meta> Content-Security-Policy and a JWKS preload for the build's
 * own URLs; with VITE_CSP_META=false neither (the hosting sends the policy as a header built from /config.json's
 * values). /config.json is preloaded either way. The dev server's index.html preloads the JWKS too, and no policy.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { build, createServer } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const outDirs: string[] = []
afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true })
})

async function indexHtml(cspMeta?: string): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'spa-build-'))
  outDirs.push(outDir)
  const saved = process.env.VITE_CSP_META
  if (cspMeta === undefined) delete process.env.VITE_CSP_META
  else process.env.VITE_CSP_META = cspMeta
  try {
    await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'silent', build: { outDir } })
  } finally {
    if (saved === undefined) delete process.env.VITE_CSP_META
    else process.env.VITE_CSP_META = saved
  }
  return readFileSync(path.join(outDir, 'index.html'), 'utf8')
}

const CSP_META = /<meta http-equiv="Content-Security-Policy" content="[^"]*connect-src &#39;self&#39; [^"]+">/
const JWKS_PRELOAD = /<link rel="preload" as="fetch" crossorigin="anonymous" href="[^"]+\/\.well-known\/jwks\.json">/
const CONFIG_PRELOAD = '<link rel="preload" as="fetch" crossorigin="anonymous" href="/config.json" />'

describe('index.html of the production build', () => {
  it("carries the build's Content-Security-Policy and preloads by default", async () => {
    const html = await indexHtml()
    expect(html).toMatch(CSP_META)
    expect(html).toMatch(JWKS_PRELOAD)
    expect(html).toContain(CONFIG_PRELOAD)
  })

  it('leaves the meta policy and the JWKS preload out with VITE_CSP_META=false', async () => {
    const html = await indexHtml('false')
    expect(html).not.toContain('Content-Security-Policy')
    expect(html).not.toMatch(JWKS_PRELOAD)
    expect(html).toContain(CONFIG_PRELOAD)
  })

  it('refuses any other VITE_CSP_META', async () => {
    await expect(indexHtml('no')).rejects.toThrow('VITE_CSP_META must be "true" or "false", got "no"')
  })
})

describe('index.html on the dev server (npm start)', () => {
  it('preloads the JWKS and carries no policy (Vite runs inline code there)', async () => {
    const server = await createServer({
      root,
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'silent',
      server: { middlewareMode: true, ws: false },
    })
    try {
      const html = await server.transformIndexHtml(
        '/cognito-callback',
        readFileSync(path.join(root, 'index.html'), 'utf8'),
      )
      expect(html).toMatch(JWKS_PRELOAD)
      expect(html).not.toContain('Content-Security-Policy')
    } finally {
      await server.close()
    }
  })
})
