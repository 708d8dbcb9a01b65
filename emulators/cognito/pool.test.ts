import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openPool, type User } from './pool.ts'
import { addUser, testCognito } from './testing.ts'

const user = (username: string): User => ({
  username,
  sub: `sub-${username}`,
  email: `${username}@example.com`,
  emailVerified: true,
  status: 'CONFIRMED',
  passwordHash: 'scrypt$1024$8$1$x$y',
  createdAt: 0,
  failedAttempts: 0,
})

describe('pool', () => {
  it('persists users across reopen, case-insensitively, with no temporary file left behind', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pool-'))
    const { users } = openPool(dir)
    expect(users.add(user('Alice'))).toBe(true)
    expect(users.add(user('ALICE'))).toBe(false)
    const reopened = openPool(dir)
    expect(reopened.users.find('alice')?.username).toBe('Alice')
    expect(readdirSync(dir)).toEqual(['pool.json'])
  })

  it('never writes a password or a token in clear', async () => {
    const cognito = await testCognito({ dataDir: mkdtempSync(path.join(tmpdir(), 'pool-')) }, { ephemeral: false })
    await addUser(cognito, 'carol', 'S3cret-Passw0rd!')
    const file = readFileSync(path.join(cognito.config.dataDir, 'pool.json'), 'utf8')
    expect(file).not.toContain('S3cret-Passw0rd!')
    expect(file).toMatch(/"passwordHash":"scrypt\$1024\$8\$1\$/)
  })
})
