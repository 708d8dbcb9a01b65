import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createAuth } from './auth/auth.ts'
import { captureCallback } from './auth/callback-params.ts'
import { loadTokenTimeline } from './components/lazy-token-timeline.tsx'
import { loadSettings } from './env.ts'
import { loadProof } from './proof/load-proof.ts'
import { App } from './router.tsx'
import type { Settings } from './settings.ts'
import './app.css'

const root = createRoot(document.getElementById('root') as HTMLElement)

function start(settings: Settings) {
  // Before anything renders: take the response out of the URL, scrub it (history.replaceState), start verifying.
  const params = captureCallback(window.location, window.history, new URL(settings.redirectUri).pathname)
  const auth = createAuth(sessionStorage, settings)
  const outcome = auth.complete(params)
  // A sign-in came back verified: fetch the code of the timeline and the isolation proof (Apollo, graphql) right
  // away, but only after the verdict, so that it does not compete with painting it.
  void outcome.then((result) => {
    if (result.kind !== 'verified') return
    void loadTokenTimeline()
    void loadProof()
  })
  root.render(
    <StrictMode>
      <App settings={settings} auth={auth} outcome={outcome} />
    </StrictMode>,
  )
}

// /config.json was requested by index.html's preload while this script loaded: usually this waits for nothing.
void loadSettings().then(async (result) => {
  if (result.ok) return start(result.settings)
  // Only a misconfigured deployment needs the settings page: its code stays out of the first load.
  const { ConfigError } = await import('./routes/config-error.tsx')
  root.render(<ConfigError problems={result.problems} />)
})
