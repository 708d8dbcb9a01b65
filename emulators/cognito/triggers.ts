/**
 * Runs the project's own Lambda handlers in-process with the events Cognito builds (specs/cognito.md §9): the common
 * envelope, string-valued `userAttributes`, a 5 s timeout, the answer passed through JSON as Lambda passes it, and
 * Cognito's failure texts. Every invocation is recorded for `/_local/events`. A handler's error reaches the hosted UI
 * as Cognito shows it — its message, verbatim; the full detail (stack, causes, why an answer was refused) goes to
 * the stand-in's log and the event record only.
 */
import type { Context, Handler } from 'aws-lambda'
import type { Clock } from '../clock.ts'
import type { CognitoConfig, TriggerName } from './config.ts'
import { CognitoError, InvalidLambdaResponse } from './errors.ts'
import type { User } from './pool.ts'
import {
  InvalidTriggerOutput,
  NO_CUSTOMIZATION,
  preTokenEventParts,
  readAnswer,
  type TokenCustomization,
} from './pre-token-generation.ts'

export interface TriggerEventRecord {
  trigger: string
  triggerSource: string
  event: unknown
  response?: unknown
  /** The handler's message, as the hosted UI shows it. */
  error?: string
  /** Stack and causes, for the developer. */
  detail?: string
  at: string
}

export interface Triggers {
  /** After a sign-up or a password reset is confirmed; the confirmation itself stays done if it fails (ADR 015). */
  postConfirmation(user: User, clientId: string, source: PostConfirmationSource): Promise<void>
  postAuthentication(user: User, clientId: string): Promise<void>
  /** `scopes`: those the access token will carry (V2_0 events show them). */
  preTokenGeneration(
    user: User,
    clientId: string,
    source: PreTokenSource,
    scopes: string[],
  ): Promise<TokenCustomization>
  events(): TriggerEventRecord[]
}

export type PreTokenSource = 'TokenGeneration_HostedAuth' | 'TokenGeneration_RefreshTokens'
export type PostConfirmationSource = 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword'

const TIMEOUT_MS = 5000

/** Cognito's names for the triggers, used in "<Name> failed with error …". */
const DISPLAY: Record<TriggerName, string> = {
  'pre-token-generation': 'PreTokenGeneration',
  'post-confirmation': 'PostConfirmation',
  'post-authentication': 'PostAuthentication',
}

export async function loadHandlers(names: TriggerName[]): Promise<Partial<Record<TriggerName, Handler>>> {
  const handlers: Partial<Record<TriggerName, Handler>> = {}
  for (const name of names) {
    const module = (await import(`../../cognito/triggers/${name}.ts`)) as { handler: Handler }
    handlers[name] = module.handler
  }
  return handlers
}

export function userAttributes(user: User): Record<string, string> {
  return {
    sub: user.sub,
    email_verified: String(user.emailVerified),
    'cognito:user_status': user.status,
    email: user.email,
  }
}

function lambdaContext(name: string): Context {
  const deadline = Date.now() + TIMEOUT_MS
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '128',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }
}

/** An error's stack and its chain of causes. */
function detailOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const own = error.stack ?? `${error.name}: ${error.message}`
  return error.cause === undefined ? own : `${own}\ncaused by ${detailOf(error.cause)}`
}

export function createTriggers(
  config: CognitoConfig,
  handlers: Partial<Record<TriggerName, Handler>>,
  clock: Clock,
  log: (line: string) => void,
): Triggers {
  const records: TriggerEventRecord[] = []

  /**
   * Runs the handler attached as `name` (nothing when none is) and reads its answer with `read`; `fallback` is the
   * answer of a pool without that trigger.
   */
  async function invoke<T>(
    name: TriggerName,
    event: { triggerSource: string },
    read: (response: unknown) => T,
    fallback: T,
  ): Promise<T> {
    const handler = handlers[name]
    if (!handler) return fallback
    const record: TriggerEventRecord = {
      trigger: name,
      triggerSource: event.triggerSource,
      event: structuredClone(event),
      at: clock.now().toISOString(),
    }
    records.push(record)
    if (records.length > 500) records.shift()
    const display = DISPLAY[name]
    let timer: NodeJS.Timeout | undefined
    try {
      const returned = await Promise.race([
        new Promise<unknown>((resolve, reject) => {
          // A handler may use the callback style or return a promise; both are supported by Lambda.
          const value = handler(event, lambdaContext(display), (error, result) =>
            error ? reject(error) : resolve(result),
          )
          if (value && typeof (value as Promise<unknown>).then === 'function')
            (value as Promise<unknown>).then(resolve, reject)
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new TimeoutInvocation()), TIMEOUT_MS)
        }),
      ])
      const result = throughJson(returned)
      // Cognito expects the event back, its `response` filled in (§9.1).
      if (typeof result !== 'object' || result === null || Array.isArray(result))
        throw new InvalidTriggerOutput('the handler returned no event object')
      record.response = (result as { response?: unknown }).response
      return read(record.response)
    } catch (error) {
      if (error instanceof InvalidTriggerOutput) {
        record.error = InvalidLambdaResponse().message
        record.detail = error.message
        log(`[cognito] ${display} (${event.triggerSource}) answered what Cognito refuses: ${error.message}`)
        throw InvalidLambdaResponse()
      }
      record.error = error instanceof Error ? error.message : String(error)
      record.detail = detailOf(error)
      log(`[cognito] ${display} (${event.triggerSource}) failed: ${record.detail}`)
      if (error instanceof TimeoutInvocation) {
        throw new CognitoError(
          'UnexpectedLambdaException',
          `${display} invocation failed due to error Socket timeout while invoking Lambda function.`,
        )
      }
      throw new CognitoError('UserLambdaValidationException', `${display} failed with error ${record.error}.`)
    } finally {
      clearTimeout(timer)
    }
  }

  const envelope = (user: User, clientId: string, triggerSource: string) => ({
    version: '1',
    region: config.region,
    userPoolId: config.userPoolId,
    userName: user.username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
    triggerSource,
  })
  const nothing = () => undefined

  return {
    async postConfirmation(user, clientId, source) {
      // The hosted UI passes no clientMetadata, and Cognito then omits the field (§9.6).
      const event = {
        ...envelope(user, clientId, source),
        request: { userAttributes: userAttributes(user) },
        response: {},
      }
      await invoke('post-confirmation', event, nothing, undefined)
    },
    async postAuthentication(user, clientId) {
      const event = {
        ...envelope(user, clientId, 'PostAuthentication_Authentication'),
        request: { userAttributes: userAttributes(user), newDeviceUsed: false },
        response: {},
      }
      await invoke('post-authentication', event, nothing, undefined)
    },
    async preTokenGeneration(user, clientId, source, scopes) {
      const version = config.preTokenGenerationVersion
      const event = {
        ...envelope(user, clientId, source),
        ...preTokenEventParts(version, userAttributes(user), scopes),
      }
      return invoke('pre-token-generation', event, (response) => readAnswer(version, response), NO_CUSTOMIZATION)
    },
    events: () => records,
  }
}

/**
 * Lambda hands Cognito the handler's answer as JSON: `undefined` properties vanish, `NaN` becomes null, and an
 * answer JSON cannot carry (a BigInt, a cycle) never arrives.
 */
function throughJson(value: unknown): unknown {
  if (value === undefined) return null
  try {
    return JSON.parse(JSON.stringify(value))
  } catch (error) {
    throw new InvalidTriggerOutput(`the answer is not JSON: ${(error as Error).message}`)
  }
}

class TimeoutInvocation extends Error {}
