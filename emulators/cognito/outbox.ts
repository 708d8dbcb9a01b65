/**
 * The local stand-in for the pool's e-mail (SES): every verification code the pool "sends", kept newest last and
 * bounded, printed on the console and listed at `/_local/outbox`.
 */
import type { Clock } from '../clock.ts'

export type CodePurpose = 'SignUp' | 'ResendCode' | 'ForgotPassword'

export interface OutboxMessage {
  username: string
  email: string
  code: string
  purpose: CodePurpose
  sentAt: string
}

export interface Outbox {
  deliver(message: Omit<OutboxMessage, 'sentAt'>): void
  messages(): readonly OutboxMessage[]
}

const CAPACITY = 500

/** Cognito's masking of a delivery destination: `a***@e***` (specs/cognito.md §10.3). */
export const maskEmail = (email: string) => {
  const [local = '', domain = ''] = email.split('@')
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`
}

export function createOutbox({ clock, log }: { clock: Clock; log: (line: string) => void }): Outbox {
  const messages: OutboxMessage[] = []
  return {
    deliver(message) {
      messages.push({ ...message, sentAt: clock.now().toISOString() })
      if (messages.length > CAPACITY) messages.shift()
      log(`[cognito] ${message.purpose} code for ${message.username} <${message.email}>: ${message.code}`)
    },
    messages: () => messages,
  }
}
