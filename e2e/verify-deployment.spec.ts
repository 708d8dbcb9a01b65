import { spawn } from 'node:child_process'
import { jwtSecretFor, LOCAL_POOL } from '../lib/local-pool.ts'
import { expect, PASSWORD, test } from './fixtures.ts'
import { urls } from './ports.ts'

/** Runs `npm run verify:deployment` as a user would, against this suite's stack; its own output folder per run. */
function verifyDeployment(name: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'verify:deployment', '--', '--output', `test-results/verify-${name}`], {
      env: { ...process.env, VERIFY_SPA_URL: urls.spa, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk))
    child.once('exit', (code) => resolve({ code, output }))
  })
}

test('npm run verify:deployment passes against the local stack, and names the reason when sign-in fails', async ({
  freshUser,
}) => {
  test.setTimeout(90_000)
  // Both runs at once: each is its own Playwright run with its own browser.
  const [good, wrong] = await Promise.all([
    verifyDeployment('good', {
      VERIFY_USERNAME: 'alice',
      VERIFY_PASSWORD: PASSWORD,
      VERIFY_USERNAME_2: 'bob',
      VERIFY_PASSWORD_2: PASSWORD,
    }),
    verifyDeployment('wrong', { VERIFY_USERNAME: freshUser.username, VERIFY_PASSWORD: 'Wrong-Passw0rd!' }),
  ])

  expect(good.output).toContain(`verify:deployment — ${urls.spa} as alice and bob`)
  for (const check of [
    'open the SPA at',
    'sign in as alice through the hosted UI',
    'the SPA verifies the tokens',
    'isolation proof as alice',
    'sign in as bob too',
    'isolation proof for alice and bob side by side',
  ])
    expect(good.output).toMatch(new RegExp(`✓ ${check}.*\\(\\d+(\\.\\d)? m?s\\)`))
  // The JWT secret the page suggests is the one this stack's Hasura runs with.
  const secret = /HASURA_GRAPHQL_JWT_SECRET=(\{.*\})/.exec(good.output)?.[1]
  expect(JSON.parse(secret ?? '{}')).toEqual(
    jwtSecretFor(urls.issuer, { tokenUse: 'id', audience: LOCAL_POOL.clientId }),
  )
  expect(good.output).toMatch(/\nverified and isolated in \d/)
  expect(good.code).toBe(0)

  expect(wrong.output).toContain('✗ sign in as')
  expect(wrong.output).toContain('NOT verified')
  expect(wrong.output).toContain('Cognito refused the sign-in: Incorrect username or password.')
  expect(wrong.output).not.toContain('Wrong-Passw0rd!')
  expect(wrong.code).not.toBe(0)
})
