import { Link, NavLink, Outlet } from 'react-router-dom'
import { useAuth, useSession } from '../auth/auth-context.tsx'
import type { Settings } from '../settings.ts'

export function Root({ settings }: { settings: Settings }) {
  const { sessions } = useAuth()
  const session = useSession()
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          Cognito + Hasura
        </Link>
        <nav aria-label="Main">
          <NavLink to="/">Home</NavLink>
          <NavLink to="/proof">Isolation proof</NavLink>
          <NavLink to="/inspect">Inspect a token</NavLink>
        </nav>
        <span className="mode" title="VITE_OAUTH_RESPONSE_TYPE">
          {settings.responseType === 'token' ? 'implicit grant (legacy, demo)' : 'code + PKCE'}
        </span>
        {session.identities.length > 0 ? (
          <label className="keep">
            <input
              type="checkbox"
              checked={session.keepForTab}
              onChange={(e) => sessions.setKeepForTab(e.target.checked)}
            />{' '}
            Keep for this tab
          </label>
        ) : null}
      </header>
      <main className="page">
        <Outlet />
      </main>
    </>
  )
}
