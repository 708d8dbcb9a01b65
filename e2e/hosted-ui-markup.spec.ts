import type { Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'
import { HostedUi } from './pages/hosted-ui.ts'

/**
 * The page object against the hosted-UI markups the stand-in does not serve (it renders the classic form once): a
 * real pool's classic page renders the form twice, desktop and mobile, one hidden (specs/cognito.md §3.1); managed
 * login has no classic ids and may ask for the password on a second page. Pages served here, posts recorded.
 */
const HOSTED = 'https://hosted-ui.test'

async function serve(page: Page, pages: Record<string, string>): Promise<URLSearchParams[]> {
  const posts: URLSearchParams[] = []
  await page.route(`${HOSTED}/**`, async (route) => {
    const { pathname } = new URL(route.request().url())
    if (route.request().method() === 'POST') posts.push(new URLSearchParams(route.request().postData() ?? ''))
    await route.fulfill({ contentType: 'text/html', body: pages[pathname] ?? '<p>signed in</p>' })
  })
  return posts
}

const classicForm = (hidden: boolean, error: string) => `
  <div class="modal-content ${hidden ? 'visible-md' : 'visible-xs'}" style="${hidden ? 'display:none' : ''}">
    <p class="errorMessage-customizable">${error}</p>
    <form method="post" action="/login/done?client_id=x">
      <label for="signInFormUsername">Username</label><input id="signInFormUsername" name="username">
      <label for="signInFormPassword">Password</label><input id="signInFormPassword" name="password" type="password">
      <input name="signInSubmitButton" type="submit" value="Sign in">
    </form>
  </div>`

test('classic markup rendered twice: the page object fills and submits the visible form, reads its error', async ({
  page,
}) => {
  const posts = await serve(page, {
    '/login': classicForm(true, 'hidden copy') + classicForm(false, 'Incorrect username or password.'),
  })
  await page.goto(`${HOSTED}/login`)
  const hostedUi = new HostedUi(page)
  await expect(hostedUi.error).toHaveText('Incorrect username or password.')
  await hostedUi.signIn('alice', 'Passw0rd!')
  await expect(page.getByText('signed in')).toBeVisible()
  expect(posts.map((p) => [p.get('username'), p.get('password')])).toEqual([['alice', 'Passw0rd!']])
})

test('managed login asking for the username first, then the password: two steps by accessible names', async ({
  page,
}) => {
  const posts = await serve(page, {
    '/login': `<form method="post" action="/login/password">
        <label for="u">Email address</label><input id="u" name="username" type="email"><button>Next</button></form>`,
    '/login/password': `<form method="post" action="/login/done">
        <label for="p">Password</label><input id="p" name="password" type="password">
        <label><input type="checkbox"> Show password</label><button>Sign in</button></form>`,
  })
  await page.goto(`${HOSTED}/login`)
  await new HostedUi(page).signIn('alice@example.com', 'Passw0rd!')
  await expect(page.getByText('signed in')).toBeVisible()
  expect(posts.map((p) => [...p])).toEqual([[['username', 'alice@example.com']], [['password', 'Passw0rd!']]])
})
