/**
 * Server-rendered hosted-UI pages with the classic Cognito markup that tests and page objects rely on
 * (`#signInFormUsername`, `signInSubmitButton`, `requiredAttributes[email]`, `#verification_code`,
 * `.errorMessage-customizable`; ../shared/CONTRACT.md). Every interpolation is HTML-escaped by `html`;
 * no page needs JavaScript.
 */
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { PASSWORD_RULES } from './passwords.ts'

export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>

export function layout(title: string, body: Markup): Markup {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="stylesheet" href="/static/hosted-ui.css" />
  </head>
  <body>
    <main class="modal-content">
      <p class="banner">Local Cognito stand-in · user pool</p>
      ${body}
    </main>
  </body>
</html>`
}

function errorMessage(error: string | undefined): Markup {
  return error ? html`<p id="errorMessage" class="errorMessage-customizable" role="alert">${error}</p>` : html``
}

function notice(text: string | undefined): Markup {
  return text ? html`<p class="notice" role="status">${text}</p>` : html``
}

export interface FormPage {
  /** The authorize query string the page carries along. */
  query: string
  csrf: string
  error?: string
  notice?: string
}

export function loginPage(page: FormPage & { username?: string }): Markup {
  return layout(
    'Signin',
    html`<h1>Sign in with your username and password</h1>
      ${notice(page.notice)} ${errorMessage(page.error)}
      <form name="cognitoSignInForm" method="post" action="/login?${page.query}">
        <input type="hidden" name="_csrf" value="${page.csrf}" />
        <label for="signInFormUsername">Username</label>
        <input id="signInFormUsername" name="username" type="text" autocomplete="username" autocapitalize="none" required value="${page.username ?? ''}" />
        <label for="signInFormPassword">Password</label>
        <input id="signInFormPassword" name="password" type="password" autocomplete="current-password" required />
        <a class="redirect-customizable" href="/forgotPassword?${page.query}">Forgot your password?</a>
        <input name="signInSubmitButton" type="submit" value="Sign in" class="btn btn-primary submitButton-customizable" />
      </form>
      <p>Need an account? <a href="/signup?${page.query}">Sign up</a></p>`,
  )
}

export function signupPage(page: FormPage & { username?: string; email?: string }): Markup {
  return layout(
    'Signup',
    html`<h1>Sign up with a new account</h1>
      ${errorMessage(page.error)}
      <form name="cognitoSignUpForm" method="post" action="/signup?${page.query}">
        <input type="hidden" name="_csrf" value="${page.csrf}" />
        <label for="username">Username</label>
        <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required value="${page.username ?? ''}" />
        <label for="email">Email</label>
        <input id="email" name="requiredAttributes[email]" type="email" autocomplete="email" required value="${page.email ?? ''}" />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules" />
        <ul id="password-rules" class="password-rules">
          ${PASSWORD_RULES.map((rule) => html`<li>${rule.hint}</li>`)}
        </ul>
        <button name="signUpButton" type="submit" class="btn btn-primary submitButton-customizable">Sign up</button>
      </form>
      <p>Already have an account? <a href="/login?${page.query}">Sign in</a></p>`,
  )
}

export function confirmPage(page: FormPage & { username: string; destination: string }): Markup {
  return layout(
    'Confirm account',
    html`<h1>Confirm your account</h1>
      ${notice(page.notice)} ${errorMessage(page.error)}
      <p>We have sent a code by email to ${page.destination}. Enter it below to confirm your account.</p>
      <form name="cognitoConfirmForm" method="post" action="/confirm?${page.query}">
        <input type="hidden" name="_csrf" value="${page.csrf}" />
        <input type="hidden" name="username" value="${page.username}" />
        <input type="hidden" name="deliveryMedium" value="EMAIL" />
        <input type="hidden" name="destination" value="${page.destination}" />
        <label for="verification_code">Verification Code</label>
        <input id="verification_code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required />
        <button name="confirm" type="submit" class="btn btn-primary submitButton-customizable">Confirm account</button>
      </form>
      <p>Didn't receive a code? <a href="/resendcode?${page.query}">Send a new code</a></p>`,
  )
}

export function forgotPasswordPage(page: FormPage): Markup {
  return layout(
    'Forgot password',
    html`<h1>Forgot your password?</h1>
      ${errorMessage(page.error)}
      <p>Enter your username below and we will send a message to reset your password.</p>
      <form name="cognitoForgotForm" method="post" action="/forgotPassword?${page.query}">
        <input type="hidden" name="_csrf" value="${page.csrf}" />
        <label for="username">Username</label>
        <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required />
        <button name="reset_my_password" type="submit" class="btn btn-primary submitButton-customizable">Reset my password</button>
      </form>`,
  )
}

export function confirmForgotPasswordPage(page: FormPage & { username: string }): Markup {
  return layout(
    'Reset password',
    html`<h1>Reset your password</h1>
      ${errorMessage(page.error)}
      <p>We have sent a password reset code by email. Enter it below to reset your password.</p>
      <form name="cognitoConfirmForgotForm" method="post" action="/confirmforgotPassword?${page.query}">
        <input type="hidden" name="_csrf" value="${page.csrf}" />
        <input type="hidden" name="username" value="${page.username}" />
        <label for="forgot_password_code">Code</label>
        <input id="forgot_password_code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required />
        <label for="new_password">New Password</label>
        <input id="new_password" name="password" type="password" autocomplete="new-password" required />
        <label for="confirm_password">Enter New Password Again</label>
        <input id="confirm_password" name="confirmPassword" type="password" autocomplete="new-password" required />
        <button name="reset_password" type="submit" class="btn btn-primary submitButton-customizable">Change Password</button>
      </form>`,
  )
}

export function errorPage(): Markup {
  return layout('Error', html`<h1>An error was encountered with the requested page.</h1>`)
}

export const STYLESHEET = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
.modal-content { width: min(24rem, 92vw); padding: 2rem; border: 1px solid color-mix(in srgb, CanvasText 20%, transparent); border-radius: 12px; }
.banner { margin: 0 0 1rem; font-size: .8rem; opacity: .7; }
h1 { font-size: 1.15rem; margin: 0 0 1rem; }
form { display: grid; gap: .5rem; }
label { font-weight: 600; font-size: .9rem; }
input[type=text], input[type=email], input[type=password] { padding: .6rem; font: inherit; border-radius: 6px; border: 1px solid color-mix(in srgb, CanvasText 35%, transparent); }
.btn { margin-top: .5rem; padding: .65rem; font: inherit; font-weight: 600; border: 0; border-radius: 6px; background: #1f6feb; color: #fff; cursor: pointer; }
.btn:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.errorMessage-customizable { padding: .6rem; border-radius: 6px; background: #fde8e8; color: #8b1111; }
.notice { padding: .6rem; border-radius: 6px; background: #e7f3ff; color: #0b3d74; }
.password-rules { margin: 0; padding-left: 1.2rem; font-size: .8rem; opacity: .8; }
`
