import { useState } from 'react'
import type { HostedUiUrls } from '../auth/auth.ts'
import { useAuth, useSession } from '../auth/auth-context.tsx'
import { HasuraTokenView } from '../components/hasura-token-view.tsx'
import { PreflightPanel } from '../components/preflight-panel.tsx'
import { Link } from '../navigation.tsx'
import { usePromise } from '../promise-state.ts'
import type { Settings } from '../settings.ts'
import './home.css'

export function HomePage({ settings }: { settings: Settings }) {
  const auth = useAuth()
  // One sign-in attempt per visit: fresh state, nonce (and PKCE verifier) behind both hosted-UI links.
  const [promise] = useState(() => auth.prepareSignIn())
  const urls = usePromise(promise)
  if (urls.status === 'pending') return <p role="status">Preparing the sign-in links…</p>
  if (urls.status === 'rejected') throw urls.reason
  return <Home settings={settings} urls={urls.value} />
}

function Home({ settings, urls }: { settings: Settings; urls: HostedUiUrls }) {
  const auth = useAuth()
  const session = useSession()
  const active = auth.sessions.active()
  const logOut = (
    <a href={urls.logout} onClick={() => auth.signOutLocally()}>
      Log out
    </a>
  )

  if (!active) {
    return (
      <>
        <h1>Amazon Cognito + Hasura, end to end</h1>
        <p className="lead">
          Sign in through the Cognito hosted UI. This page checks the tokens that come back, explains the Hasura claims
          inside them, and then proves with real queries that Hasura shows you your own row and nothing else.
        </p>
        <p className="actions">
          <a className="button" href={urls.login}>
            Log in
          </a>
          <a className="button secondary" href={urls.signup}>
            Sign up
          </a>
          <Link to="/inspect">Inspect a token instead</Link>
        </p>
        <PreflightPanel settings={settings} urls={urls} />
      </>
    )
  }

  return (
    <>
      <h1>Signed in as {active.username}</h1>
      <p className="actions">
        <Link className="button" to="/proof">
          Prove row-level isolation
        </Link>
        {logOut}
      </p>
      {session.identities.length > 1 ? (
        <p>
          Identities held in this tab:{' '}
          {session.identities.map((i) => (
            <button
              key={i.sub}
              type="button"
              className={i.sub === active.sub ? 'chip active' : 'chip'}
              onClick={() => auth.sessions.setActive(i.sub)}
            >
              {i.username}
            </button>
          ))}
        </p>
      ) : null}
      <p data-testid="id-token-status" data-state={active.verification.verdict}>
        ID token {active.verification.verdict} (signature, iss, aud, token_use, exp, nonce, at_hash)
      </p>
      {active.accessVerification ? (
        <p data-testid="access-token-status" data-state={active.accessVerification.verdict}>
          Access token {active.accessVerification.verdict} (signature, iss, client_id, token_use, exp) — the one sent to
          Hasura
        </p>
      ) : null}
      <HasuraTokenView identity={active} loginHref={urls.login} />
      <PreflightPanel settings={settings} urls={urls} />
    </>
  )
}
