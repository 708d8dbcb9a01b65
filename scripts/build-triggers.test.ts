import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { buildTriggers } from './build-triggers.ts'

describe('npm run build:triggers', () => {
  it('writes one self-contained zip per trigger whose index.handler runs as Lambda would call it', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'triggers-'))
    const files = await buildTriggers(out)
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['post-authentication.zip', 'pre-token-generation.zip'])
    const entries = unzipSync(readFileSync(path.join(out, 'pre-token-generation.zip')))
    expect(Object.keys(entries)).toEqual(['index.mjs'])
    const unpacked = path.join(out, 'pre-token-generation.mjs')
    writeFileSync(unpacked, entries['index.mjs'] as Uint8Array)
    const { handler } = await import(pathToFileURL(unpacked).href)
    const event = { request: { userAttributes: { sub: 'abc' } }, response: {} }
    const result = await handler(event, {}, () => {})
    expect(
      JSON.parse(result.response.claimsOverrideDetails.claimsToAddOrOverride['https://hasura.io/jwt/claims']),
    ).toMatchObject({
      'x-hasura-user-id': 'abc',
    })
    // Reproducible: a second build gives the same bytes.
    const again = mkdtempSync(path.join(tmpdir(), 'triggers-'))
    await buildTriggers(again)
    expect(readFileSync(path.join(again, 'post-authentication.zip'))).toEqual(
      readFileSync(path.join(out, 'post-authentication.zip')),
    )
  })
})
