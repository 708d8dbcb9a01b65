/**
 * The one route table, in react-router's declarative mode (the data router would add ~16 kB gzip). This module is
 * itself loaded lazily (main.tsx): the callback page runs without react-router, which takes over at the first link
 * clicked there; every other page starts here. The pages that query Hasura (Apollo) and the token inspector load
 * their code lazily on top.
 */
import { BrowserRouter, Outlet, Route, Routes } from 'react-router-dom'
import type { CallbackOutcome } from './auth/sign-in.ts'
import { Lazy } from './components/lazy.tsx'
import { lazyModule } from './lazy-module.ts'
import { LinksProvider } from './navigation.tsx'
import { routerLinks } from './router-links.ts'
import { CallbackPage } from './routes/callback.tsx'
import { HomePage } from './routes/home.tsx'
import { Root } from './routes/root.tsx'
import type { Settings } from './settings.ts'

const loadProofPage = lazyModule(() => import('./routes/proof.tsx'))
const loadInspectPage = lazyModule(() => import('./routes/inspect.tsx'))

export interface AppProps {
  settings: Settings
  /** The verification of the captured callback, started before the first render. */
  outcome: Promise<CallbackOutcome>
}

export function App({ settings, outcome }: AppProps) {
  const callbackPath = new URL(settings.redirectUri).pathname
  return (
    <BrowserRouter>
      <LinksProvider value={routerLinks}>
        <Routes>
          <Route
            element={
              <Root settings={settings}>
                <Outlet />
              </Root>
            }
          >
            <Route index element={<HomePage settings={settings} />} />
            <Route path={callbackPath} element={<CallbackPage settings={settings} outcome={outcome} />} />
            <Route
              path="/inspect"
              element={<Lazy load={loadInspectPage}>{(m) => <m.InspectPage settings={settings} />}</Lazy>}
            />
            <Route
              path="/proof"
              element={<Lazy load={loadProofPage}>{(m) => <m.ProofPage settings={settings} />}</Lazy>}
            />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </LinksProvider>
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
