/**
 * The one page object: Cognito's hosted UI. It uses the classic markup ids pinned in ../shared/CONTRACT.md, so the
 * same object drives the local stand-in and a real pool's classic hosted UI.
 */
import { expect, type Page } from '@playwright/test'

export class HostedUi {
  readonly page: Page
  constructor(page: Page) {
    this.page = page
  }

  get error() {
    return this.page.locator('.errorMessage-customizable')
  }

  async signIn(username: string, password: string): Promise<void> {
    await expect(this.page.locator('#signInFormUsername')).toBeVisible()
    await this.page.locator('#signInFormUsername').fill(username)
    await this.page.locator('#signInFormPassword').fill(password)
    await this.page.getByRole('button', { name: 'Sign in' }).click()
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
