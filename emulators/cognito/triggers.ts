/**
 * Runs the project's own Lambda handlers in-process with the events Cognito builds (specs/cognito.md §9): V1
 * envelopes, string-valued `userAttributes`, a 5 s timeout, and Cognito's failure texts. Every invocation is
 * recorded for `/_local/events`. A handler's error reaches the hosted UI as Cognito shows it — its message, verbatim;
 * the full detail (stack, causes) goes to the stand-in's log and the event record only.
 */
import type { Context, Handler, PostAuthenticationTriggerEvent, PreTokenGenerationTriggerEvent } from 'aws-lambda'
import type { Clock } from '../clock.ts'
import type { CognitoConfig, TriggerName } from './config.ts'
import { CognitoError } from './errors.ts'
import type { User } from './pool.ts'

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

export type ClaimsOverride = { claimsToAddOrOverride?: Record<string, string>; claimsToSuppress?: string[] }

export interface Triggers {
  postAuthentication(user: User, clientId: string): Promise<void>
  preTokenGeneration(user: User, clientId: string, source: PreTokenSource): Promise<ClaimsOverride>
  events(): TriggerEventRecord[]
}

export type PreTokenSource = 'TokenGeneration_HostedAuth' | 'TokenGeneration_RefreshTokens'

const TIMEOUT_MS = 5000

/** Cognito's names for the triggers, used in "<Name> failed with error …". */
const DISPLAY: Record<TriggerName, string> = {
  'pre-token-generation': 'PreTokenGeneration',
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

  async function invoke<E extends { triggerSource: string }>(name: TriggerName, event: E): Promise<E | undefined> {
    const handler = handlers[name]
    if (!handler) return undefined
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
      const result = await Promise.race([
        new Promise<unknown>((resolve, reject) => {
          // A handler may use the callback style or return a promise; both are supported by Lambda.
          const returned = handler(event, lambdaContext(display), (error, value) =>
            error ? reject(error) : resolve(value),
          )
          if (returned && typeof (returned as Promise<unknown>).then === 'function')
            (returned as Promise<unknown>).then(resolve, reject)
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new TimeoutInvocation()), TIMEOUT_MS)
        }),
      ])
      if (typeof result !== 'object' || result === null) {
        throw new CognitoError('InvalidLambdaResponseException', 'Invalid lambda function output : Invalid JSON')
      }
      record.response = (result as { response?: unknown }).response
      return result as E
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error)
      record.detail = detailOf(error)
      log(`[cognito] ${display} (${event.triggerSource}) failed: ${record.detail}`)
      if (error instanceof CognitoError) throw error
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

  return {
    async postAuthentication(user, clientId) {
      const event = {
        ...envelope(user, clientId, 'PostAuthentication_Authentication'),
        request: { userAttributes: userAttributes(user), newDeviceUsed: false },
        response: {},
      } as PostAuthenticationTriggerEvent
      await invoke('post-authentication', event)
    },
    async preTokenGeneration(user, clientId, source) {
      const event = {
        ...envelope(user, clientId, source),
        request: {
          userAttributes: userAttributes(user),
          groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
        },
        response: { claimsOverrideDetails: null },
      } as unknown as PreTokenGenerationTriggerEvent
      const result = await invoke('pre-token-generation', event)
      const details = result?.response?.claimsOverrideDetails
      if (!details) return {}
      const add = details.claimsToAddOrOverride ?? {}
      // V1 responses may only carry strings.
      if (Object.values(add).some((value) => typeof value !== 'string')) {
        throw new CognitoError('InvalidLambdaResponseException', 'Invalid lambda function output : Invalid JSON')
      }
      return { claimsToAddOrOverride: add, claimsToSuppress: details.claimsToSuppress ?? [] }
    },
    events: () => records,
  }
}

class TimeoutInvocation extends Error {}
