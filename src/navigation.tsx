/**
 * The app's links, whoever routes. Pages link through these rather than through react-router's own so that the
 * callback page can run without react-router's code (docs/decisions/018-spa-first-load-and-paint.md): there a link
 * is a plain anchor whose click is handed to `navigate` (main.tsx moves the URL and mounts the routed app); in the
 * routed app, react-router's `Link` and `NavLink`.
 */
import { type ComponentType, createContext, type MouseEvent, type ReactNode, useContext } from 'react'

export interface LinkProps {
  to: string
  className?: string
  children: ReactNode
}

export type Links =
  /** In the routed app: react-router's own. */
  | { routed: true; Link: ComponentType<LinkProps>; NavLink: ComponentType<LinkProps> }
  /** Before react-router has loaded: where a plain click on a link goes instead of reloading the page. */
  | { routed: false; navigate: (to: string) => void }

const LinksContext = createContext<Links | undefined>(undefined)

export const LinksProvider = LinksContext.Provider

export function useLinks(): Links {
  const links = useContext(LinksContext)
  if (!links) throw new Error('links need a <LinksProvider> above them')
  return links
}

export function Link(props: LinkProps) {
  const links = useLinks()
  return links.routed ? <links.Link {...props} /> : <EarlyLink {...props} navigate={links.navigate} />
}

/** Before the router, no link is shown as the current page: only the callback page renders then, and no link names it. */
export function NavLink(props: LinkProps) {
  const links = useLinks()
  return links.routed ? <links.NavLink {...props} /> : <EarlyLink {...props} navigate={links.navigate} />
}

/** A click the page may take over: the main button, no modifier (those open tabs or windows), not handled already. */
function isPlainClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return (
    event.button === 0 && !event.defaultPrevented && !(event.metaKey || event.altKey || event.ctrlKey || event.shiftKey)
  )
}

/**
 * A plain anchor, so that opening it in a new tab works; a plain click goes to `navigate` instead of reloading the
 * page, which would lose the tokens held in memory.
 */
function EarlyLink({ to, className, children, navigate }: LinkProps & { navigate: (to: string) => void }) {
  return (
    <a
      href={to}
      className={className}
      onClick={(event) => {
        if (!isPlainClick(event)) return
        event.preventDefault()
        navigate(to)
      }}
    >
      {children}
    </a>
  )
}
