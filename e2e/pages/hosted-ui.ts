/**
 * The one page object: Cognito's hosted UI. It uses the classic markup ids pinned in ../shared/CONTRACT.md, so the
 * same object drives the local stand-in and a real pool's classic hosted UI — which renders its form twice (desktop
 * and mobile, one hidden: specs/cognito.md §3.1), hence the `visible` filters. For managed login (new branding, no
 * classic ids) sign-in falls back to accessible names, with the password on a second step when the page asks so.
 */
import { expect, type Page } from '@playwright/test'

const visible = { visible: true } as const

export class HostedUi {
  readonly page: Page
  constructor(page: Page) {
    this.page = page
  }

  get error() {
    return this.page.locator('.errorMessage-customizable').filter(visible).first()
  }

  /** The sign-in form's username field, classic or managed login. */
  get usernameField() {
    return this.page
      .locator('#signInFormUsername')
      .or(this.page.getByRole('textbox', { name: /^(username|email|email address)$/i }))
      .filter(visible)
      .first()
  }

  async signIn(username: string, password: string): Promise<void> {
    await expect(this.usernameField).toBeVisible()
    if (await this.page.locator('#signInFormUsername').filter(visible).count()) {
      await this.usernameField.fill(username)
      await this.page.locator('#signInFormPassword').filter(visible).fill(password)
      await this.page.getByRole('button', { name: 'Sign in', exact: true }).filter(visible).click()
      return
    }
    await this.usernameField.fill(username)
    const passwordField = this.page.getByLabel('Password', { exact: true }).filter(visible)
    const submit = this.page
      .getByRole('button', { name: /^(sign in|next|continue)$/i })
      .filter(visible)
      .first()
    if (!(await passwordField.count())) {
      await submit.click() // two steps: the username first
      await expect(passwordField).toBeVisible()
    }
    await passwordField.fill(password)
    await submit.click()
  }

  async signUp(username: string, email: string, password: string): Promise<void> {
    await this.page.getByLabel('Username').fill(username)
    await this.page.locator('input[name="requiredAttributes[email]"]').fill(email)
    await this.page.getByLabel('Password').fill(password)
    await this.page.getByRole('button', { name: 'Sign up' }).click()
  }

  async confirm(code: string): Promise<void> {
    await this.page.locator('#verification_code').fill(code)
    await this.page.getByRole('button', { name: 'Confirm account' }).click()
  }
}
