/** The links of the routed app: react-router's own (navigation.tsx says why pages do not import them directly). */
import { Link, NavLink } from 'react-router-dom'
import type { Links } from './navigation.tsx'

export const routerLinks: Links = { Link, NavLink, routed: true }
