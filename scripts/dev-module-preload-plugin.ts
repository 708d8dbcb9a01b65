/**
 * Dev server only: index.html lists, as `<link rel="modulepreload">`, every module the dev server has already served
 * for the page's entry — what it imports, and the lazy chunks it asks for (the isolation proof, the routes). Vite's
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
 * The entry, then what it imports, breadth first: the first levels, which must arrive before anything runs, are asked
 * for first. Lazy imports are in the graph too (Vite records every import in the code), so the chunks the page asks for
 * next come with it. Files a plugin only watches (the Hasura project's YAML behind `virtual:hasura-schema`) are in the
 * graph as well, but were never served: they are left out.
 */
export function reachableUrls(entry: EnvironmentModuleNode, max = MAX_PRELOADS): string[] {
  const seen = new Set<EnvironmentModuleNode>([entry])
  const queue = [entry]
  const urls = [entry.url]
  for (let next = queue.shift(); next && urls.length < max; next = queue.shift()) {
    for (const imported of next.importedModules) {
      if (seen.has(imported) || !servedModule(imported)) continue
      seen.add(imported)
      queue.push(imported)
      urls.push(imported.url)
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
