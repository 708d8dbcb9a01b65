/**
 * Pre Token Generation as Cognito runs it: the event of the pool's version, the reading of the answer, and the rules
 * for applying it to each token. Sources: specs/cognito.md §9.3–9.5 and AWS's developer guide,
 * user-pool-lambda-pre-token-generation.html ("Event versions", "Claims and scopes reference", the request and
 * response parameter tables).
 *
 * - V1_0 answers `claimsOverrideDetails`: the ID token only, string values only.
 * - V2_0 answers `claimsAndScopeOverrideDetails`: `idTokenGeneration` and `accessTokenGeneration`, each with
 *   `claimsToAddOrOverride` (strings, numbers, booleans, arrays of those, JSON objects) and `claimsToSuppress`; the
 *   access token's `scope` changes through `scopesToAdd` / `scopesToSuppress` only.
 * - Claims Cognito owns are never added, changed or suppressed: such attempts are ignored. A claim both added and
 *   suppressed is suppressed.
 * - An answer of another shape fails as Cognito's `Invalid lambda function output : Invalid JSON`; the exact reason
 *   goes to the event log (docs/decisions/015-pre-token-generation-v2-and-post-confirmation.md).
 */
import type { PreTokenGenerationVersion } from './config.ts'

type Scalar = string | number | boolean
export type ClaimValue = Scalar | Scalar[] | { [key: string]: unknown }

export interface ClaimChanges {
  claimsToAddOrOverride: Record<string, ClaimValue>
  claimsToSuppress: string[]
}

export interface AccessTokenChanges extends ClaimChanges {
  scopesToAdd: string[]
  scopesToSuppress: string[]
}

/** What one answer changes. V1_0 answers never touch the access token. */
export interface TokenCustomization {
  idToken: ClaimChanges
  accessToken?: AccessTokenChanges
}

const NO_CLAIM_CHANGES: ClaimChanges = { claimsToAddOrOverride: {}, claimsToSuppress: [] }
export const NO_CUSTOMIZATION: TokenCustomization = { idToken: NO_CLAIM_CHANGES }

/** An answer Cognito refuses. The message is the reason, for the developer; the page shows Cognito's text. */
export class InvalidTriggerOutput extends Error {
  constructor(message: string) {
    super(message)
    this.name = this.constructor.name
  }
}

/**
 * The version-specific part of the event. Real events carry `groupConfiguration` as an object with empty lists and
 * a null `preferredRole`, and a null answer container (§9.3, §9.4); V2 adds the access token's `scopes`.
 */
export function preTokenEventParts(
  version: PreTokenGenerationVersion,
  userAttributes: Record<string, string>,
  scopes: string[],
) {
  const groupConfiguration = { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null }
  if (version === 'V1_0')
    return { version: '1', request: { userAttributes, groupConfiguration }, response: { claimsOverrideDetails: null } }
  return {
    version: '2',
    request: { userAttributes, scopes: [...scopes], groupConfiguration },
    response: { claimsAndScopeOverrideDetails: null },
  }
}

const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** "Event versions": in the ID token these four take no complex value. */
const ID_TOKEN_SCALARS = new Set(['phone_number_verified', 'email_verified', 'updated_at', 'address'])

type ValueRule = (claim: string, value: unknown) => string | undefined

const v1Value: ValueRule = (_, value) =>
  typeof value === 'string' ? undefined : `V1_0 answers take strings only, got ${shown(value)}`

const v2Value =
  (token: TokenUse): ValueRule =>
  (claim, value) => {
    if (isScalar(value)) return undefined
    if (token === 'id' && ID_TOKEN_SCALARS.has(claim))
      return `the ID token's ${claim} takes a string, number or boolean, got ${shown(value)}`
    if (Array.isArray(value) ? value.every(isScalar) : isObject(value)) return undefined
    return `V2_0 takes a string, number, boolean, an array of those, or a JSON object, got ${shown(value)}`
  }

function shown(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `the array ${JSON.stringify(value)}`
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`
}

function optionalObject(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined
  if (!isObject(value)) throw new InvalidTriggerOutput(`${path}: expected an object, got ${shown(value)}`)
  return value
}

function stringList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value
  throw new InvalidTriggerOutput(`${path}: expected an array of strings, got ${shown(value)}`)
}

function claimChanges(details: Record<string, unknown> | undefined, path: string, rule: ValueRule): ClaimChanges {
  if (!details) return NO_CLAIM_CHANGES
  const add = optionalObject(details.claimsToAddOrOverride, `${path}.claimsToAddOrOverride`) ?? {}
  for (const [claim, value] of Object.entries(add)) {
    const problem = rule(claim, value)
    if (problem) throw new InvalidTriggerOutput(`${path}.claimsToAddOrOverride.${claim}: ${problem}`)
  }
  return {
    claimsToAddOrOverride: add as Record<string, ClaimValue>,
    claimsToSuppress: stringList(details.claimsToSuppress, `${path}.claimsToSuppress`),
  }
}

/**
 * The customization a trigger's `response` asks for, read as the pool's version reads it: a V1_0 pool reads only
 * `claimsOverrideDetails`, a V2_0 pool only `claimsAndScopeOverrideDetails`. `groupOverrideDetails` is not read:
 * the stand-in has no groups (README).
 */
export function readAnswer(version: PreTokenGenerationVersion, response: unknown): TokenCustomization {
  const answer = optionalObject(response, 'response')
  if (version === 'V1_0') {
    const details = optionalObject(answer?.claimsOverrideDetails, 'claimsOverrideDetails')
    return { idToken: claimChanges(details, 'claimsOverrideDetails', v1Value) }
  }
  const root = 'claimsAndScopeOverrideDetails'
  const details = optionalObject(answer?.claimsAndScopeOverrideDetails, root)
  const id = optionalObject(details?.idTokenGeneration, `${root}.idTokenGeneration`)
  const accessPath = `${root}.accessTokenGeneration`
  const access = optionalObject(details?.accessTokenGeneration, accessPath)
  const scopesToAdd = stringList(access?.scopesToAdd, `${accessPath}.scopesToAdd`)
  const blank = scopesToAdd.find((scope) => /\s/.test(scope))
  // "You can't add scope values that contain one or more blank-space characters."
  if (blank !== undefined)
    throw new InvalidTriggerOutput(`${accessPath}.scopesToAdd: ${JSON.stringify(blank)} contains blank space`)
  return {
    idToken: claimChanges(id, `${root}.idTokenGeneration`, v2Value('id')),
    accessToken: {
      ...claimChanges(access, accessPath, v2Value('access')),
      scopesToAdd,
      scopesToSuppress: stringList(access?.scopesToSuppress, `${accessPath}.scopesToSuppress`),
    },
  }
}

type TokenUse = 'id' | 'access'

/** "Claims and scopes reference": no trigger may add, change or suppress these, in either token. */
const COGNITO_OWNED = new Set([
  'acr',
  'amr',
  'at_hash',
  'aud',
  'auth_time',
  'azp',
  'client_id',
  'device_key',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  'username',
  'version',
])
/** The only `cognito:` claims a trigger may touch (`cognito:username` and every other one are Cognito's). */
const GROUP_CLAIMS = new Set(['cognito:groups', 'cognito:roles', 'cognito:preferred_role'])

function mayChange(claim: string, token: TokenUse, how: 'add' | 'suppress'): boolean {
  if (COGNITO_OWNED.has(claim)) return false
  if (claim.startsWith('cognito:')) return GROUP_CLAIMS.has(claim)
  if (claim.startsWith('dev:')) return how === 'suppress'
  // The access token's scope changes through scopesToAdd / scopesToSuppress only.
  return !(token === 'access' && claim === 'scope')
}

/**
 * `claims` with `changes` applied: additions and overrides first, then suppressions (which win). Built as entries,
 * so that a claim named `__proto__` stays a claim.
 */
export function customizeClaims(
  claims: Record<string, unknown>,
  changes: ClaimChanges,
  token: TokenUse,
  clientId: string,
): Record<string, unknown> {
  const result = new Map(Object.entries(claims))
  for (const [claim, value] of Object.entries(changes.claimsToAddOrOverride)) {
    // Footnote 4: an access token may carry `aud`, but only with the session's own app client id.
    const allowed = token === 'access' && claim === 'aud' ? value === clientId : mayChange(claim, token, 'add')
    if (allowed) result.set(claim, value)
  }
  for (const claim of changes.claimsToSuppress) if (mayChange(claim, token, 'suppress')) result.delete(claim)
  return Object.fromEntries(result)
}

/** The access token's scopes after `scopesToAdd` and then `scopesToSuppress` (suppression wins, as for claims). */
export function customizeScopes(scopes: string[], changes: AccessTokenChanges): string[] {
  const suppressed = new Set(changes.scopesToSuppress)
  return [...new Set([...scopes, ...changes.scopesToAdd])].filter((scope) => !suppressed.has(scope))
}
