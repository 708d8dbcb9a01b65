/**
 * The pool's two RSA-2048 signing keys — one for ID tokens, one for access tokens, as Cognito has
 * (specs/cognito.md §8.2). Generated on first start and kept under the data dir (mode 0600) so tokens stay valid
 * across restarts; never committed. `kid` is base64(SHA-256(SPKI DER)), shaped like Cognito's.
 */
import { createHash, createPublicKey } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import { writeFileAtomic } from './persist.ts'

export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicJwk: JWK
}

export interface PoolKeys {
  id: SigningKey
  access: SigningKey
  jwks: { keys: JWK[] }
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const privateKey = (await importJWK(jwk, 'RS256')) as CryptoKey
  const { n, e } = jwk
  const spki = createPublicKey({ key: { kty: 'RSA', n, e } as never, format: 'jwk' }).export({
    type: 'spki',
    format: 'der',
  })
  const kid = createHash('sha256').update(spki).digest('base64')
  // Member order alg, e, kid, kty, n, use as in captured Cognito JWKS.
  return { kid, privateKey, publicJwk: { alg: 'RS256', e, kid, kty: 'RSA', n, use: 'sig' } }
}

async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true })
  return exportJWK(privateKey)
}

export async function loadOrCreateKeys(dataDir: string): Promise<PoolKeys> {
  const file = path.join(dataDir, 'signing-keys.json')
  let stored: { id: JWK; access: JWK }
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8'))
  } else {
    stored = { id: await newPrivateJwk(), access: await newPrivateJwk() }
    mkdirSync(dataDir, { recursive: true })
    writeFileAtomic(file, JSON.stringify(stored), 0o600)
  }
  const id = await fromPrivateJwk(stored.id)
  const access = await fromPrivateJwk(stored.access)
  return { id, access, jwks: { keys: [id.publicJwk, access.publicJwk] } }
}
