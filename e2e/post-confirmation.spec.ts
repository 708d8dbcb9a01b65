/**
 * The Post Confirmation trigger (cognito/triggers/post-confirmation.ts) as the hosted UI runs it: it writes the Hasura
 * row the moment a sign-up is confirmed — before the hosted UI signs the new user in — and writes nothing when a
 * password reset is confirmed.
 */
import { expect, PASSWORD, test } from './fixtures.ts'
import { hasuraUsersWithId, subOf, triggerEventsOf } from './local-pool.ts'
import { urls } from './ports.ts'

test('a confirmed sign-up has its users row from Post Confirmation, before the first sign-in', async ({
  page,
  request,
  hostedUi,
  codeFor,
}) => {
  const username = `confirmed${Date.now().toString(36)}`
  await page.goto('/')
  await page.getByRole('link', { name: 'Sign up' }).click()
  await hostedUi.signUp(username, `${username}@example.com`, PASSWORD)
  await expect(page.getByRole('heading', { name: 'Confirm your account' })).toBeVisible()
  const sub = await subOf(request, username)
  expect(await hasuraUsersWithId(request, sub)).toEqual([]) // signing up alone writes nothing

  await hostedUi.confirm(await codeFor(username))
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
  expect(await hasuraUsersWithId(request, sub)).toEqual([{ id: sub, username }])
  // The row came from Post Confirmation, which ran (and succeeded) before the sign-in's own triggers.
  const events = await triggerEventsOf(request, username)
  expect(events.map((e) => [e.triggerSource, e.error])).toEqual([
    ['PostConfirmation_ConfirmSignUp', undefined],
    ['PostAuthentication_Authentication', undefined],
    ['TokenGeneration_HostedAuth', undefined],
  ])
  expect(events[0]?.event.request.userAttributes).toMatchObject({ sub, 'cognito:user_status': 'CONFIRMED' })
})

test('a password reset runs Post Confirmation (ConfirmForgotPassword), which writes nothing', async ({
  page,
  request,
  freshUser,
  codeFor,
  hostedUi,
}) => {
  // An administrator's user (like freshUser, made through /_local/users) never passed Post Confirmation and has not
  // signed in yet: no row.
  const sub = await subOf(request, freshUser.username)
  expect(await hasuraUsersWithId(request, sub)).toEqual([])

  await page.goto('/')
  await page.getByRole('link', { name: 'Log in' }).click()
  await page.getByRole('link', { name: 'Forgot your password?' }).click()
  await page.getByLabel('Username').fill(freshUser.username)
  await page.getByRole('button', { name: 'Reset my password' }).click()
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible()
  const newPassword = 'N3w-Passw0rd'
  await page.getByLabel('Code').fill(await codeFor(freshUser.username))
  await page.getByLabel('New Password', { exact: true }).fill(newPassword)
  await page.getByLabel('Enter New Password Again').fill(newPassword)
  await page.getByRole('button', { name: 'Change Password' }).click()
  await expect(page.getByText('Your password has been changed. Sign in with it.')).toBeVisible()
  expect(page.url()).toContain(`${urls.cognito}/login`)

  const events = await triggerEventsOf(request, freshUser.username)
  expect(events.map((e) => [e.triggerSource, e.error])).toEqual([['PostConfirmation_ConfirmForgotPassword', undefined]])
  expect(await hasuraUsersWithId(request, sub)).toEqual([])

  // The first sign-in, with the new password, syncs the user through Post Authentication, the fallback.
  await hostedUi.signIn(freshUser.username, newPassword)
  await expect(page.getByTestId('id-token-status')).toHaveAttribute('data-state', 'verified')
  expect(await hasuraUsersWithId(request, sub)).toEqual([{ id: sub, username: freshUser.username }])
})
