import type { ReactNode } from 'react'
import { useAuth, useSession } from '../auth/auth-context.tsx'
import { Link, NavLink } from '../navigation.tsx'
import type { Settings } from '../settings.ts'

/** The frame of every page: the navigation, the OAuth flow in use, "Keep for this tab"; the page as `children`. */
export function Root({ settings, children }: { settings: Settings; children: ReactNode }) {
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
      <main className="page">{children}</main>
    </>
  )
}
