/**
 * compose.yaml (real Hasura in Docker) cannot run here — no Docker engine — so what can be checked without one is:
 * it parses, every image is pinned, the mounted paths are this project's, every HASURA_* name is one Hasura reads,
 * and its JWT secret is the one `npm start` gives the Hasura stand-in.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { jwtSecretFor, LOCAL_POOL, localUrls } from '../lib/local-pool.ts'

const root = path.resolve(import.meta.dirname, '..')

interface Service {
  image: string
  network_mode?: string
  volumes?: string[]
  environment?: Record<string, string>
  depends_on?: Record<string, { condition: string }>
}
const compose = parse(readFileSync(path.join(root, 'compose.yaml'), 'utf8')) as { services: Record<string, Service> }
const hasura = compose.services.hasura as Service

/** Compose's `${NAME:-default}` as Compose resolves it with NAME unset. */
const withDefaults = (value: string) => value.replace(/\$\{\w+:-([^}]*)\}/g, '$1')

/**
 * Hasura GraphQL Engine v2's server configuration names (docs: "GraphQL Engine server config reference") and the
 * cli-migrations image's two directory names.
 */
const HASURA_ENV = new Set([
  'HASURA_GRAPHQL_DATABASE_URL',
  'HASURA_GRAPHQL_METADATA_DATABASE_URL',
  'HASURA_GRAPHQL_SERVER_HOST',
  'HASURA_GRAPHQL_SERVER_PORT',
  'HASURA_GRAPHQL_ADMIN_SECRET',
  'HASURA_GRAPHQL_JWT_SECRET',
  'HASURA_GRAPHQL_UNAUTHORIZED_ROLE',
  'HASURA_GRAPHQL_CORS_DOMAIN',
  'HASURA_GRAPHQL_ENABLE_CONSOLE',
  'HASURA_GRAPHQL_DEV_MODE',
  'HASURA_GRAPHQL_ENABLE_TELEMETRY',
  'HASURA_GRAPHQL_ENABLED_LOG_TYPES',
  'HASURA_GRAPHQL_MIGRATIONS_DIR',
  'HASURA_GRAPHQL_METADATA_DIR',
])

describe('compose.yaml (real Hasura in Docker)', () => {
  it('pins every image to a tag; Hasura to a v2 cli-migrations-v3 release with the GHSA-r27x-gc74-qmxh fix', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.image, name).toMatch(/^[\w./-]+:[\w.-]+$/)
      expect(service.image, name).not.toMatch(/:latest/)
    }
    const match = /^hasura\/graphql-engine:v2\.(\d+)\.(\d+)\.cli-migrations-v3$/.exec(hasura.image)
    expect(match, hasura.image).not.toBeNull()
    const [minor, patch] = [Number(match?.[1]), Number(match?.[2])]
    expect(minor > 49 || (minor === 49 && patch >= 2)).toBe(true)
  })

  it("mounts the project's hasura/ migrations and metadata, unchanged and read-only, where the image applies them", () => {
    expect(hasura.volumes?.sort()).toEqual([
      './hasura/metadata:/hasura-metadata:ro',
      './hasura/migrations:/hasura-migrations:ro',
    ])
    for (const volume of hasura.volumes ?? []) {
      const source = path.join(root, volume.split(':')[0] as string)
      expect(existsSync(source), source).toBe(true)
    }
    expect(existsSync(path.join(root, 'hasura/metadata/databases/databases.yaml'))).toBe(true)
    expect(hasura.environment?.HASURA_GRAPHQL_MIGRATIONS_DIR).toBe('/hasura-migrations')
    expect(hasura.environment?.HASURA_GRAPHQL_METADATA_DIR).toBe('/hasura-metadata')
  })

  it("uses only Hasura's own configuration names, and the database variable the metadata reads", () => {
    const names = Object.keys(hasura.environment ?? {})
    expect(names.filter((name) => !HASURA_ENV.has(name))).toEqual([])
    const databases = readFileSync(path.join(root, 'hasura/metadata/databases/databases.yaml'), 'utf8')
    expect(databases).toContain('from_env: HASURA_GRAPHQL_DATABASE_URL')
    expect(withDefaults(hasura.environment?.HASURA_GRAPHQL_DATABASE_URL ?? '')).toBe(
      'postgres://postgres:postgrespassword@localhost:15432/postgres',
    )
    expect(compose.services.postgres?.environment?.POSTGRES_PASSWORD).toBe(`\${POSTGRES_PASSWORD:-postgrespassword}`)
    expect(hasura.depends_on).toEqual({ postgres: { condition: 'service_healthy' } })
  })

  it("trusts the local Cognito stand-in's tokens exactly as npm start's Hasura does, and allows the SPA's origin", () => {
    const urls = localUrls(LOCAL_POOL)
    expect(JSON.parse(hasura.environment?.HASURA_GRAPHQL_JWT_SECRET ?? '')).toEqual(
      jwtSecretFor(urls.issuer, { tokenUse: 'id', audience: LOCAL_POOL.clientId }),
    )
    // The stand-in listens on 127.0.0.1: Hasura shares the host's network to reach the JWKS at the issuer's URL.
    expect(hasura.network_mode).toBe('host')
    expect(hasura.environment?.HASURA_GRAPHQL_CORS_DOMAIN).toBe(urls.spa)
    expect(Number(hasura.environment?.HASURA_GRAPHQL_SERVER_PORT)).toBe(LOCAL_POOL.hasuraPort)
    expect(withDefaults(hasura.environment?.HASURA_GRAPHQL_ADMIN_SECRET ?? '')).toBe(LOCAL_POOL.adminSecret)
  })
})
