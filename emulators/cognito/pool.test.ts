import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FakeClock } from '../clock.ts'
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
})

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'pool-'))
const open = (dir: string, lines: string[] = [], clock = new FakeClock()) =>
  openPool(dir, { clock, log: (line) => lines.push(line) })

describe('pool', () => {
  it('persists users across reopen, case-insensitively, as a journal with no temporary file', () => {
    const dir = tempDir()
    const pool = open(dir)
    expect(pool.users.add(user('Alice'))).toBe(true)
    expect(pool.users.add(user('ALICE'))).toBe(false)
    pool.users.update('alice', (u) => {
      u.emailVerified = false
    })
    pool.close()
    const reopened = open(dir)
    expect(reopened.users.find('alice')).toMatchObject({ username: 'Alice', emailVerified: false })
    expect(reopened.users.findBySub('sub-Alice')?.username).toBe('Alice')
    expect(readdirSync(dir)).toEqual(['pool.journal'])
  })

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'treats a user named %s like any other, across a reopen',
    (name) => {
      const dir = tempDir()
      const pool = open(dir)
      expect(pool.users.find(name)).toBeUndefined()
      expect(pool.users.add(user(name))).toBe(true)
      pool.close()
      expect(open(dir).users.find(name)?.username).toBe(name)
    },
  )

  it('compacts the journal into a snapshot once it outgrows the state, and reopens from both', () => {
    const dir = tempDir()
    const pool = open(dir)
    pool.users.add(user('bob'))
    for (let i = 0; i < 1000; i++)
      pool.users.update('bob', (u) => {
        u.createdAt = i
      })
    pool.users.add(user('carol'))
    pool.close()
    expect(readdirSync(dir).sort()).toEqual(['pool.journal', 'pool.json'])
    expect(readFileSync(path.join(dir, 'pool.journal'), 'utf8').trim().split('\n')).toHaveLength(1)
    const reopened = open(dir)
    expect(reopened.users.find('bob')?.createdAt).toBe(999)
    expect(reopened.users.find('carol')).toBeDefined()
  })

  it('ignores a torn last line (an unacknowledged write) and keeps writing after it', () => {
    const dir = tempDir()
    const pool = open(dir)
    pool.users.add(user('dave'))
    pool.close()
    appendFileSync(path.join(dir, 'pool.journal'), '{"user":{"username":"eve","sub":"s')
    const lines: string[] = []
    const reopened = open(dir, lines)
    expect(reopened.users.list().map((u) => u.username)).toEqual(['dave'])
    expect(lines.join('\n')).toContain('dropped a torn last line')
    reopened.users.add(user('frank'))
    reopened.close()
    expect(
      open(dir)
        .users.list()
        .map((u) => u.username),
    ).toEqual(['dave', 'frank'])
  })

  it('refuses to start on a damaged line that is not the last, naming the file and line', () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'pool.journal'), `garbage\n${JSON.stringify({ user: user('gina') })}\n`)
    expect(() => open(dir)).toThrow(/pool\.journal, line 1, is not a journal entry/)
  })

  it('keeps refresh tokens only as SHA-256 hashes; expired and revoked ones are not found', () => {
    const dir = tempDir()
    const clock = new FakeClock()
    const pool = open(dir, [], clock)
    const record = (originJti: string, ttl: number) => ({
      username: 'h',
      clientId: 'c',
      scopes: ['openid'],
      originJti,
      authTime: 0,
      expiresAt: clock.now().getTime() + ttl,
    })
    const live = 'refresh-token-live-0123456789'
    pool.refreshTokens.save(live, record('o1', 60_000))
    pool.refreshTokens.save('refresh-token-short', record('o2', 1000))
    pool.refreshTokens.save('refresh-token-revoked', record('o3', 60_000))
    pool.refreshTokens.revokeOrigin('o3')
    clock.advanceBy(1000)
    pool.close()
    expect(readFileSync(path.join(dir, 'pool.journal'), 'utf8')).not.toContain('refresh-token-')
    const reopened = open(dir, [], clock)
    expect(reopened.refreshTokens.find(live)?.originJti).toBe('o1')
    expect(reopened.refreshTokens.find('refresh-token-short')).toBeUndefined()
    expect(reopened.refreshTokens.find('refresh-token-revoked')).toBeUndefined()
    expect(reopened.refreshTokens.isOriginRevoked('o3')).toBe(true)
  })

  it('migrates a first-format pool.json: users kept, refresh tokens re-keyed by hash, nothing in clear', () => {
    const dir = tempDir()
    const token = 'legacy-refresh-token-in-clear'
    const legacy = {
      users: { ivan: user('ivan') },
      refreshTokens: {
        [token]: { username: 'ivan', clientId: 'c', scopes: [], originJti: 'o', authTime: 0, expiresAt: 9e15 },
      },
      revokedOrigins: [],
    }
    writeFileSync(path.join(dir, 'pool.json'), JSON.stringify(legacy))
    const pool = open(dir)
    expect(pool.users.find('ivan')).toBeDefined()
    expect(pool.refreshTokens.find(token)?.username).toBe('ivan')
    expect(readFileSync(path.join(dir, 'pool.json'), 'utf8')).not.toContain(token)
  })

  it('never writes a password or a token in clear', async () => {
    const cognito = await testCognito({ dataDir: tempDir() }, { ephemeral: false })
    await addUser(cognito, 'carol', 'S3cret-Passw0rd!')
    const file = readFileSync(path.join(cognito.config.dataDir, 'pool.journal'), 'utf8')
    expect(file).not.toContain('S3cret-Passw0rd!')
    expect(file).toMatch(/"passwordHash":"scrypt\$1024\$8\$1\$/)
  })
})
