/**
 * The SPA's Content-Security-Policy, built from its settings: scripts and styles from its own origin only, and
 * connections only to the hosted-UI domain, the issuer (JWKS) and Hasura (client-anchors.md §3). Used by the
 * production build (a `<meta>` tag) and by the hosting, which sends it as a real response header.
 */

export interface CspSources {
  cognitoDomain: string
  issuer: string
  hasuraGraphqlUrl: string
}

/**
 * `header: true` adds what only a response header can carry: `frame-ancestors` (clickjacking) is ignored in a
 * `<meta>` policy (CSP Level 3 §6.4.2).
 */
export function contentSecurityPolicy(sources: CspSources, { header = false } = {}): string {
  const connect = [
    ...new Set([
      new URL(sources.cognitoDomain).origin,
      new URL(sources.issuer).origin,
      new URL(sources.hasuraGraphqlUrl).origin,
    ]),
  ].join(' ')
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connect}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ]
  if (header) directives.push("frame-ancestors 'none'")
  return directives.join('; ')
}
