/**
 * Dev server only: index.html lists, as `<link rel="modulepreload">`, every module the dev server has already served
 * for the page's entry — its static graph and the lazy chunks it asks for (the isolation proof, the routes). Vite's
 * dev server serves one module per request and the browser finds each level of imports only once the level above
 * has arrived: the callback route's ~80 modules took 5–7 round trips of ~25 ms each before anything ran, and the
 * proof's graph as many again after the verdict asked for it. With the list, the browser fetches them all at once,
 * while index.html is still parsing (docs/decisions/019-verdict-as-npm-start-serves-it.md).
 *
 * The list comes from the dev server's own module graph, so it is empty until a page has been loaded once since the
 * server started (and only ever names URLs the server produced); a stale entry after an edit costs one wasted fetch,
 * never a wrong module: a preloaded module runs only if an import asks for that very URL. The production build is
 * untouched (Rollup already preloads the entry's static chunks, and lazy chunks stay lazy there).
 */
import type { EnvironmentModuleNode, HtmlTagDescriptor, Plugin } from 'vite'

/** More than any page of this app has; a bound so that a runaway graph cannot turn index.html into a megabyte. */
const MAX_PRELOADS = 400

/** What the browser imports as a module and the server has answered: JS, and CSS (served as a JS module). */
const servedModule = (m: EnvironmentModuleNode) =>
  m.type !== 'asset' && m.url.startsWith('/') && m.transformResult !== null

/**
 * Which of a module's imports are static: kept on the node by Vite's import analysis (for soft invalidation) but not
 * in its public types. Without it every import counts as static: the order is then less good, the list the same.
 */
const staticImportsOf = (m: EnvironmentModuleNode) =>
  (m as EnvironmentModuleNode & { staticImportedUrls?: Set<string> }).staticImportedUrls

/**
 * The entry, then its static imports breadth first (what must arrive before anything runs, the first levels first),
 * then whatever those import lazily, and so on. Files a plugin only watches (the Hasura project's YAML behind
 * `virtual:hasura-schema`) are in the graph too, but were never served: they are left out.
 */
export function reachableUrls(entry: EnvironmentModuleNode, max = MAX_PRELOADS): string[] {
  const seen = new Set<EnvironmentModuleNode>([entry])
  const urls = [entry.url]
  let wave = [entry]
  while (wave.length > 0 && urls.length < max) {
    const lazy: EnvironmentModuleNode[] = []
    const queue = [...wave]
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const imported of next.importedModules) {
        if (seen.has(imported) || !servedModule(imported)) continue
        const statics = staticImportsOf(next)
        if (statics && !statics.has(imported.url)) {
          lazy.push(imported)
          continue
        }
        seen.add(imported)
        urls.push(imported.url)
        queue.push(imported)
      }
    }
    wave = lazy.filter((m) => !seen.has(m))
    for (const m of wave) {
      seen.add(m)
      urls.push(m.url)
    }
  }
  return urls.slice(0, max)
}

export function devModulePreloadPlugin(entryUrl: string): Plugin {
  return {
    name: 'dev-module-preload',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      async handler(_html, { server }): Promise<HtmlTagDescriptor[]> {
        const entry = await server?.environments.client.moduleGraph.getModuleByUrl(entryUrl)
        if (!entry) return []
        return reachableUrls(entry).map((href) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', href },
          injectTo: 'head',
        }))
      },
    },
  }
}
