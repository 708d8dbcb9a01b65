import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { captureCallback, takeCapturedCallback } from './auth/callback-params.ts'
import { createPendingStore } from './auth/pending-auth.ts'
import { sessionStore } from './auth/session-store.ts'
import { completeCallback } from './auth/sign-in.ts'
import { settingsResult } from './env.ts'
import { loadProof } from './proof/load-proof.ts'
import { App } from './router.tsx'
import { ConfigError } from './routes/config-error.tsx'
import './app.css'

const root = createRoot(document.getElementById('root') as HTMLElement)
if (settingsResult.ok) {
  const { settings } = settingsResult
  // Before anything renders: take the response out of the URL, scrub it (history.replaceState), start verifying.
  captureCallback(window.location, window.history, new URL(settings.redirectUri).pathname)
  const pending = createPendingStore(sessionStorage)
  const outcome = completeCallback(takeCapturedCallback(), { settings, pending, sessions: sessionStore })
  // A sign-in came back verified: fetch the isolation proof's code (Apollo, graphql) right away, but only after the
  // verdict, so that it does not compete with painting it.
  void outcome.then((result) => {
    if (result.kind === 'verified') void loadProof()
  })
  root.render(
    <StrictMode>
      <App settings={settings} pending={pending} outcome={outcome} />
    </StrictMode>,
  )
} else {
  root.render(<ConfigError problems={settingsResult.problems} />)
}
