import type { CallbackOutcome } from '../auth/sign-in.ts'
import { ClaimsView } from '../components/claims-view.tsx'
import { HasuraTokenView } from '../components/hasura-token-view.tsx'
import { Lazy } from '../components/lazy.tsx'
import { TokenStatus } from '../components/token-status.tsx'
import { Link } from '../navigation.tsx'
import { usePromise } from '../promise-state.ts'
import { loadProof } from '../proof/load-proof.ts'
import type { Settings } from '../settings.ts'

/** `/cognito-callback`: the verdict on what the hosted UI sent back. The URL was scrubbed before this rendered. */
export function CallbackPage({
  settings,
  outcome: promise,
}: {
  settings: Settings
  outcome: Promise<CallbackOutcome>
}) {
  const state = usePromise(promise)
  if (state.status === 'pending') return <p role="status">Verifying the response…</p>
  if (state.status === 'rejected') throw state.reason
  return <Verdict settings={settings} outcome={state.value} />
}

function Verdict({ settings, outcome }: { settings: Settings; outcome: CallbackOutcome }) {
  switch (outcome.kind) {
    case 'nothing':
      return (
        <>
          <h1>Nothing to verify</h1>
          <p>
            This address received no tokens, code or error. It is where Cognito sends the browser back after sign-in (
            <code>{settings.redirectUri}</code>). <Link to="/">Start from the home page</Link>.
          </p>
        </>
      )
    case 'hosted-ui-error':
      return outcome.stateProblem ? (
        <UnverifiedError outcome={outcome} stateProblem={outcome.stateProblem} />
      ) : (
        <>
          <h1>Cognito refused the sign-in</h1>
          <p className="error" data-testid="callback-error" data-verified="true" role="alert">
            <code>{outcome.error}</code>
            {outcome.description ? <>: {outcome.description}</> : null}
          </p>
          <p>{explainError(outcome.error, outcome.description)}</p>
          <p>
            <Link to="/">Back to the start</Link>
          </p>
        </>
      )
    case 'rejected': {
      // The token that failed: the access token when it is the one Hasura would have been sent.
      const failed = outcome.accessVerification ?? outcome.verification
      return (
        <>
          <h1>Sign-in rejected</h1>
          <TokenStatus
            verification={failed}
            reason={outcome.reason}
            kind={outcome.accessVerification ? 'access' : 'id'}
          />
          <p>The tokens were not kept and will not be sent anywhere.</p>
          {failed?.payload ? (
            <ClaimsView header={failed.header} payload={failed.payload} expected={settings.hasuraToken} />
          ) : null}
          <p>
            <Link to="/">Back to the start</Link>
          </p>
        </>
      )
    }
    case 'verified':
      return (
        <>
          <h1>Signed in as {outcome.identity.username}</h1>
          <p className="actions">
            <Link className="button" to="/proof">
              Prove row-level isolation
            </Link>
            <Link to="/">Home</Link>
          </p>
          <TokenStatus verification={outcome.verification} />
          {outcome.identity.accessVerification ? (
            <TokenStatus verification={outcome.identity.accessVerification} kind="access" />
          ) : null}
          <HasuraTokenView identity={outcome.identity} />
          <Proof settings={settings} />
        </>
      )
  }
}

/** Longest untrusted text shown: enough for any Cognito message, too short for a long phishing story. */
const UNVERIFIED_MAX = 200

/**
 * An error response that no sign-in of this tab asked for: anyone can link to this page with an `error_description`
 * of their choosing, so its text is shown as an unverified quote, never as Cognito's word (and without advice).
 */
function UnverifiedError({
  outcome,
  stateProblem,
}: {
  outcome: Extract<CallbackOutcome, { kind: 'hosted-ui-error' }>
  stateProblem: string
}) {
  const text = `${outcome.error}${outcome.description ? `: ${outcome.description}` : ''}`
  return (
    <>
      <h1>An error response this tab did not ask for</h1>
      <p className="warning" role="alert">
        This address received an error, but {stateProblem}. It cannot be attributed to Cognito: anyone can send a link
        to this page with any text in it. Do not act on it.
      </p>
      <figure className="unverified">
        <figcaption>Unverified text that came with it:</figcaption>
        <blockquote data-testid="callback-error" data-verified="false">
          {text.length > UNVERIFIED_MAX ? `${text.slice(0, UNVERIFIED_MAX)}… (cut)` : text}
        </blockquote>
      </figure>
      <p>
        To sign in, <Link to="/">start from the home page</Link>.
      </p>
    </>
  )
}

/** The isolation proof, once its code (Apollo, graphql — kept out of this page's first load) is there. */
function Proof({ settings }: { settings: Settings }) {
  return (
    <Lazy
      load={loadProof}
      fallback={<p role="status">Loading the isolation proof…</p>}
      failed={<p role="status">The isolation proof could not be loaded.</p>}
    >
      {(proof) => <proof.IsolationProof settings={settings} />}
    </Lazy>
  )
}

function explainError(error: string, description?: string): string {
  if (description === 'invalid_scope')
    return "A requested scope is not enabled on the app client (check VITE_OAUTH_SCOPES and the client's allowed scopes)."
  if (description?.includes('failed with error'))
    return "A Lambda trigger of the user pool failed; its message is above. Check the trigger's logs and configuration."
  if (error === 'unauthorized_client')
    return 'The app client does not allow this OAuth flow (implicit or code) — enable it in the app client settings.'
  if (error === 'access_denied') return 'The user or an identity provider denied access.'
  if (error === 'login_required') return 'No hosted-UI session exists for a silent sign-in.'
  return 'See the Cognito documentation for the authorization endpoint.'
}
