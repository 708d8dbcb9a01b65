import { describe, expect, it } from 'vitest'
import { MemoryStorage } from '../testing/tokens.ts'
import { createPendingStore, PENDING_TTL_MS } from './pending-auth.ts'

describe('pending sign-ins (state, nonce, PKCE verifier)', () => {
  it('makes ≥128-bit, distinct, URL-safe values from Web Crypto', () => {
    const store = createPendingStore(new MemoryStorage())
    const a = store.begin(true)
    const b = store.begin(false)
    for (const value of [a.state, a.nonce, b.state, b.nonce]) expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/) // 256 bits
    expect(new Set([a.state, a.nonce, b.state, b.nonce]).size).toBe(4)
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{64}$/)
    expect(b.codeVerifier).toBeUndefined()
  })

  it('survives a reload of the page through sessionStorage and is single use', async () => {
    const storage = new MemoryStorage()
    const pending = createPendingStore(storage).begin(false)
    const afterRedirect = createPendingStore(storage)
    expect(await afterRedirect.consume(pending.state)).toEqual({ ok: true, pending })
    expect(await afterRedirect.consume(pending.state)).toEqual({ ok: false, reason: 'used' })
  })

  it('tells unknown, missing and expired states apart', async () => {
    let now = 1_000_000
    const store = createPendingStore(new MemoryStorage(), () => now)
    expect(await store.consume(undefined)).toEqual({ ok: false, reason: 'missing' })
    expect(await store.consume('forged')).toEqual({ ok: false, reason: 'unknown' })
    const pending = store.begin(false)
    now += PENDING_TTL_MS
    expect(await store.consume(pending.state)).toEqual({ ok: false, reason: 'expired' })
  })

  it('keeps no consumed state value, only its digest', async () => {
    const storage = new MemoryStorage()
    const store = createPendingStore(storage)
    const pending = store.begin(false)
    await store.consume(pending.state)
    const everything = Array.from({ length: storage.length }, (_, i) => storage.getItem(storage.key(i) ?? '')).join()
    expect(everything).not.toContain(pending.state)
    store.clear()
    expect(storage.length).toBe(0)
  })
})
