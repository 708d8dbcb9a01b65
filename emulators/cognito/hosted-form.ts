/**
 * What every hosted-UI form page does alike: it carries the authorize request (a bad one gets Cognito's error page
 * or redirect), renders with a CSRF token, refuses a POST without the double-submit token (403), and shows a
 * Cognito error above the form — the one place where a `CognitoError` becomes page text. Anything else thrown is a
 * bug and goes to `app.onError`.
 */
import { type Context, Hono } from 'hono'
import { type AuthorizeRequest, pageRequest } from './authorize-request.ts'
import type { Deps } from './deps.ts'
import { CognitoError } from './errors.ts'
import type { Markup } from './pages.ts'
import { checkCsrf, csrfToken, formFields } from './web-session.ts'

export interface FormState {
  csrf: string
  error?: string
  notice?: string
  /** The submitted fields (none on GET): what the user typed is shown again. */
  fields: Record<string, string>
}

export interface HostedForm {
  view(c: Context, request: AuthorizeRequest, state: FormState): Markup
  /** A notice on the GET page, from its query. */
  notice?(c: Context): string | undefined
  submit(c: Context, request: AuthorizeRequest, fields: Record<string, string>): Promise<Response>
}

export function hostedForm(deps: Pick<Deps, 'config' | 'random'>, form: HostedForm): Hono {
  const render = (c: Context, request: AuthorizeRequest, state: Omit<FormState, 'csrf'>, status: 200 | 403) =>
    c.html(form.view(c, request, { ...state, csrf: csrfToken(c, deps.random) }), status)
  return new Hono()
    .get('/', (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      return render(c, request, { notice: form.notice?.(c), fields: {} }, 200)
    })
    .post('/', async (c) => {
      const request = pageRequest(c, deps.config)
      if (request instanceof Response) return request
      const fields = await formFields(c)
      try {
        checkCsrf(c, fields._csrf)
        return await form.submit(c, request, fields)
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error
        return render(c, request, { error: error.message, fields }, error.type === 'InvalidCsrfToken' ? 403 : 200)
      }
    })
}
