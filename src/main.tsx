import { type ReactNode, StrictMode } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { type Auth, createAuth } from './auth/auth.ts'
import { AuthProvider } from './auth/auth-context.tsx'
import { captureCallback } from './auth/callback-params.ts'
import { ErrorBoundary } from './components/error-boundary.tsx'
import { Lazy } from './components/lazy.tsx'
import { loadSettings } from './env.ts'
import { lazyModule } from './lazy-module.ts'
import { type Links, LinksProvider } from './navigation.tsx'
import { watchPromise } from './promise-state.ts'
import { CallbackPage } from './routes/callback.tsx'
import { Root } from './routes/root.tsx'
import type { Settings } from './settings.ts'
import './app.css'

const root = createRoot(document.getElementById('root') as HTMLElement)

// react-router and every page but the callback (router.tsx). A failure to load it shows where the routes render
// (the error boundary).
const loadRoutes = lazyModule(() => import('./router.tsx'))

function render(auth: Auth, page: ReactNode) {
  root.render(
    <StrictMode>
      <AuthProvider auth={auth}>
        <ErrorBoundary>{page}</ErrorBoundary>
      </AuthProvider>
    </StrictMode>,
  )
}

/** How long the callback page waits for the verdict before it shows "Verifying the response…" instead. */
const VERDICT_WAIT_MS = 150

async function start(settings: Settings) {
  // Before anything renders: take the response out of the URL, scrub it (history.replaceState), start verifying.
  const callbackPath = new URL(settings.redirectUri).pathname
  const params = captureCallback(window.location, window.history, callbackPath)
  const auth = createAuth(sessionStorage, settings)
  const outcome = watchPromise(auth.complete(params))
  // react-router for the first link clicked, once the verdict is rendered (a task later: not to compete with it).
  // The verdict itself asks for the code it shows next (the timeline; the isolation proof: Apollo, graphql).
  const prefetchRoutes = () => setTimeout(() => loadRoutes().catch(() => {}))
  void outcome.then(prefetchRoutes, prefetchRoutes)
  const routed = (routes: Awaited<ReturnType<typeof loadRoutes>>) => (
    <routes.App settings={settings} outcome={outcome} />
  )
  // At `/` the route table shows the home page, even when that is the redirect URI.
  if (!params || callbackPath === '/')
    return render(
      auth,
      <Lazy load={loadRoutes} fallback={null}>
        {routed}
      </Lazy>,
    )

  // The callback page stands alone, without react-router (docs/decisions/018-spa-first-load-and-paint.md): the
  // routed app takes the page over at the first click on one of its links.
  let linkClicked = () => {}
  const clicked = new Promise<void>((resolve) => {
    linkClicked = resolve
  })
  const links: Links = {
    routed: false,
    navigate: (to) => {
      window.history.pushState(null, '', to)
      linkClicked()
    },
  }
  const routes = clicked.then(loadRoutes)
  const callbackAlone = (
    <LinksProvider value={links}>
      <Root settings={settings}>
        <CallbackPage settings={settings} outcome={outcome} />
      </Root>
    </LinksProvider>
  )
  // The verdict is usually there within tens of milliseconds (keys preloaded, WebCrypto): one render with it, rather
  // than "Verifying…" rendered and painted first. A slow code exchange shows "Verifying…" meanwhile.
  await Promise.race([outcome.catch(() => {}), new Promise((resolve) => setTimeout(resolve, VERDICT_WAIT_MS))])
  // Rendered at once, not in a later task: the verdict is in the DOM before anything queued behind it runs.
  flushSync(() =>
    render(
      auth,
      <Lazy load={() => routes} fallback={callbackAlone}>
        {routed}
      </Lazy>,
    ),
  )
}

// /config.json was requested by index.html's preload while this script loaded: usually this waits for nothing.
void loadSettings().then(async (result) => {
  if (result.ok) return start(result.settings)
  // Only a misconfigured deployment needs the settings page: its code stays out of the first load.
  const { ConfigError } = await import('./routes/config-error.tsx')
  root.render(<ConfigError problems={result.problems} />)
})
