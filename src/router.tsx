/**
 * The one route table, in react-router's declarative mode (the data router would add ~16 kB gzip to every first
 * load). The pages that query Hasura (Apollo) and the token inspector load their code lazily, so the callback's first
 * load stays small.
 */
import { BrowserRouter, Route, Routes } from 'react-router-dom'
import type { Auth } from './auth/auth.ts'
import { AuthProvider } from './auth/auth-context.tsx'
import type { CallbackOutcome } from './auth/sign-in.ts'
import { ErrorBoundary } from './components/error-boundary.tsx'
import { Lazy } from './components/lazy.tsx'
import { lazyModule } from './lazy-module.ts'
import { CallbackPage } from './routes/callback.tsx'
import { HomePage } from './routes/home.tsx'
import { Root } from './routes/root.tsx'
import type { Settings } from './settings.ts'

const loadProofPage = lazyModule(() => import('./routes/proof.tsx'))
const loadInspect = lazyModule(() => import('./routes/inspect.tsx'))

export interface AppProps {
  settings: Settings
  auth: Auth
  /** The verification of the captured callback, started before the first render. */
  outcome: Promise<CallbackOutcome>
}

export function App({ settings, auth, outcome }: AppProps) {
  const callbackPath = new URL(settings.redirectUri).pathname
  return (
    <BrowserRouter>
      <AuthProvider auth={auth}>
        <ErrorBoundary>
          <Routes>
            <Route element={<Root settings={settings} />}>
              <Route index element={<HomePage settings={settings} />} />
              <Route path={callbackPath} element={<CallbackPage settings={settings} outcome={outcome} />} />
              <Route
                path="/inspect"
                element={<Lazy load={loadInspect}>{(m) => <m.InspectPage settings={settings} />}</Lazy>}
              />
              <Route
                path="/proof"
                element={<Lazy load={loadProofPage}>{(m) => <m.ProofPage settings={settings} />}</Lazy>}
              />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </ErrorBoundary>
      </AuthProvider>
    </BrowserRouter>
  )
}

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        <a href="/">Back to the start</a>
      </p>
    </>
  )
}
