/// <reference types="vitest/config" />
// https://vite.dev/config/
import react from '@vitejs/plugin-react'
import { defineConfig, loadEnv, type Plugin } from 'vite'
import { contentSecurityPolicy } from './lib/content-security-policy.ts'
import { devModulePreloadPlugin } from './scripts/dev-module-preload-plugin.ts'
import { hasuraSchemaPlugin } from './scripts/hasura-schema-plugin.ts'
import { readSettings, type Settings } from './src/settings.ts'

/**
 * The build's own URLs, for the tags of index.html that name them, or nothing: with `VITE_CSP_META=false` (a build
 * whose URLs come from /config.json at run time, where the hosting sends the policy as a header built from those
 * values), or without usable settings (the app itself then shows the configuration problems). Anything but `true` or
 * `false` in `VITE_CSP_META` stops the build with the reason.
 */
function headSettings(env: Record<string, string>): Settings | undefined {
  const cspMeta = (env.VITE_CSP_META ?? '').trim()
  if (cspMeta === 'false') return undefined
  if (cspMeta !== '' && cspMeta !== 'true') throw new Error(`VITE_CSP_META must be "true" or "false", got "${cspMeta}"`)
  const result = readSettings(env, 'http://localhost:3333')
  return result.ok ? result.settings : undefined
}

/**
 * The production build's Content-Security-Policy: scripts from this origin only, connections only to the hosted-UI
 * domain, the issuer (JWKS) and Hasura (client-anchors.md §3). Dev keeps Vite's inline runtime working without it.
 */
function contentSecurityPolicyMeta(settings: Settings | undefined): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml(html) {
      if (!settings) return html
      const policy = contentSecurityPolicy(settings)
      return [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
      ]
    },
  }
}

/** The pool's keys are the callback page's first need: fetched while the script loads, in the build and in dev. */
function jwksPreload(settings: Settings | undefined): Plugin {
  return {
    name: 'jwks-preload',
    transformIndexHtml(html) {
      if (!settings) return html
      const href = `${settings.issuer}/.well-known/jwks.json`
      return [{ tag: 'link', attrs: { rel: 'preload', as: 'fetch', crossorigin: 'anonymous', href }, injectTo: 'head' }]
    },
  }
}

/**
 * Dev server only: the pre-bundled dependencies (React's development build, graphql, Apollo, react-router) are served
 * without source maps. Vite inlines a module's map into every response, base64-encoded anew each time: 5.1 of the
 * 8.3 MB the callback route's modules weighed (react-dom alone: 3 MB, 2.1 MB of it map). Our own modules keep theirs;
 * a dependency shows in the debugger as the readable bundle Vite made of it
 * (docs/decisions/019-verdict-as-npm-start-serves-it.md).
 */
function depsWithoutSourceMaps(): Plugin {
  return {
    name: 'deps-without-source-maps',
    apply: 'serve',
    transform(code, id) {
      // An empty `mappings` is Rollup's "no source map": Vite then inlines none.
      if (id.includes('/node_modules/.vite/deps/')) return { code, map: { mappings: '' } }
    },
  }
}

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), ['VITE_', 'HASURA_PROJECT_DIR'])
  const settings = headSettings(env)
  return {
    plugins: [
      react(),
      contentSecurityPolicyMeta(settings),
      jwksPreload(settings),
      devModulePreloadPlugin('/src/main.tsx'),
      depsWithoutSourceMaps(),
      // The Hasura project whose schema the isolation proof covers: the one the Hasura stand-in serves (`npm start`
      // passes it on), or the one deployed.
      hasuraSchemaPlugin(env.HASURA_PROJECT_DIR || 'hasura'),
    ],
    build: {
      // Every browser this build targets but Safari < 17 preloads modules natively; there the polyfill would only have
      // saved a round trip, and it cost the callback's first load 0.3 KB gzip and a DOM probe before anything runs.
      modulePreload: { polyfill: false },
    },
    server: { port: 3333, strictPort: true, headers: { 'Referrer-Policy': 'no-referrer' } },
    preview: { port: 3333, strictPort: true, headers: { 'Referrer-Policy': 'no-referrer' } },
    test: {
      include: [
        'src/**/*.test.{ts,tsx}',
        'lib/**/*.test.ts',
        'emulators/**/*.test.ts',
        'cognito/**/*.test.ts',
        'scripts/**/*.test.ts',
        'infra/**/*.test.ts',
      ],
      environment: 'node',
      testTimeout: 20_000,
    },
  }
})
