import type { Settings } from '../settings.ts'

/** What this client will send, before it sends it: the exact URLs and the redirect URI Cognito must know. */
export function PreflightPanel({
  settings,
  urls,
}: {
  settings: Settings
  urls: { login: string; signup: string; logout: string }
}) {
  const noOpenid = !settings.scopes.includes('openid')
  return (
    <details className="preflight" open={noOpenid}>
      <summary>Pre-flight: what will be sent to Cognito</summary>
      {noOpenid ? (
        <p className="warning" role="alert">
          The scopes lack <code>openid</code>: Cognito will return no ID token, so there will be nothing with Hasura
          claims to verify.
        </p>
      ) : null}
      <dl>
        <dt>Callback URL — must be registered byte for byte (scheme, port, path, trailing slash) in the app client</dt>
        <dd>
          <code data-testid="redirect-uri">{settings.redirectUri}</code>
        </dd>
        <dt>Sign-out URL — must be registered as well</dt>
        <dd>
          <code>{settings.logoutUri}</code>
        </dd>
        <dt>Log in</dt>
        <dd>
          <code className="url">{urls.login}</code>
        </dd>
        <dt>Sign up</dt>
        <dd>
          <code className="url">{urls.signup}</code>
        </dd>
        <dt>Log out</dt>
        <dd>
          <code className="url">{urls.logout}</code>
        </dd>
      </dl>
      <p className="hint">
        A callback that does not match shows Cognito's own error page (<code>redirect_mismatch</code>) and never returns
        here.
      </p>
    </details>
  )
}
