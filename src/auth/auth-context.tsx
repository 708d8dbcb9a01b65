/** The one `Auth` of the app, handed down from `main.tsx` to every page that signs in, out, or reads identities. */
import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react'
import type { Auth } from './auth.ts'
import type { SessionState } from './session-store.ts'

const AuthContext = createContext<Auth | undefined>(undefined)

export function AuthProvider({ auth, children }: { auth: Auth; children: ReactNode }) {
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext)
  if (!auth) throw new Error('useAuth needs an <AuthProvider> above it')
  return auth
}

/** The identities held in this tab, re-rendering when they change. */
export function useSession(): SessionState {
  const { sessions } = useAuth()
  return useSyncExternalStore(sessions.subscribe, sessions.get)
}
