/** Test support: renders a page the way the routed app does — inside a router, its links and the app's one `Auth`. */
import { act, render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router-dom'
import { type Auth, type AuthOptions, createAuth } from '../auth/auth.ts'
import { AuthProvider } from '../auth/auth-context.tsx'
import { LinksProvider } from '../navigation.tsx'
import { routerLinks } from '../router-links.ts'
import { readSettings, type Settings } from '../settings.ts'
import { MemoryStorage } from './tokens.ts'

/** Settings as the app would read them from these `VITE_*` values (local-stack defaults for the rest). */
export function testSettings(env: Record<string, string> = {}, origin = 'http://localhost:3333'): Settings {
  const result = readSettings(env, origin)
  if (!result.ok) throw new Error(`bad test settings: ${JSON.stringify(result.problems)}`)
  return result.settings
}

export function testAuth(storage: Storage, settings: Settings = testSettings(), options: AuthOptions = {}): Auth {
  return createAuth(storage, settings, options)
}

export async function renderPage(
  ui: ReactNode,
  { auth = testAuth(new MemoryStorage()), path = '/' }: { auth?: Auth; path?: string } = {},
) {
  let result: ReturnType<typeof render> | undefined
  await act(async () => {
    result = render(
      <MemoryRouter initialEntries={[path]}>
        <LinksProvider value={routerLinks}>
          <AuthProvider auth={auth}>{ui}</AuthProvider>
        </LinksProvider>
      </MemoryRouter>,
    )
  })
  return result as ReturnType<typeof render>
}
