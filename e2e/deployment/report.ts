/**
 * The report of `npm run verify:deployment`: one line per check (✓ or ✗, with its time), its details under it, the
 * reason of a failure, and a last line with the verdict. Whatever is printed passes through `redact`: a token or a
 * password never reaches the terminal, even inside an error message of Playwright's.
 */
import path from 'node:path'
import type { FullResult, Reporter, TestCase, TestError, TestResult, TestStep } from '@playwright/test/reporter'
import { verifyConfig } from '../../scripts/verify-config.ts'
import { reasonOf, redact, seconds } from '../../scripts/verify-report.ts'

export default class DeploymentReport implements Reporter {
  private readonly settings = verifyConfig(process.env)
  private readonly secrets = this.settings.ok
    ? [this.settings.config.user.password, this.settings.config.secondUser?.password ?? '']
    : []
  private details: string[] = []
  private failure: string | undefined
  private started = Date.now()

  printsToStdio() {
    return true
  }

  private print(line: string) {
    process.stdout.write(`${redact(line, this.secrets)}\n`)
  }

  onBegin() {
    this.started = Date.now()
    if (!this.settings.ok) return
    const { spaUrl, user, secondUser } = this.settings.config
    this.print(`verify:deployment — ${spaUrl} as ${user.username}${secondUser ? ` and ${secondUser.username}` : ''}`)
  }

  onStdOut(chunk: string | Buffer) {
    this.details.push(...chunk.toString().split('\n').filter(Boolean))
  }

  onStepEnd(_test: TestCase, _result: TestResult, step: TestStep) {
    if (step.category !== 'test.step' || step.parent) return
    this.print(`  ${step.error ? '✗' : '✓'} ${step.title}  (${seconds(step.duration)})`)
    for (const line of this.details) this.print(`      ${line}`)
    this.details = []
    if (step.error) {
      this.failure = reasonOf(step.error)
      for (const line of this.failure.split('\n')) this.print(`      ${line}`)
    }
  }

  onTestEnd(_test: TestCase, result: TestResult) {
    for (const line of this.details) this.print(`  ${line}`)
    this.details = []
    if (result.status === 'passed') return
    if (!this.failure) {
      // Not inside a check: a time-out, or a failure before the first step.
      this.failure = result.status === 'timedOut' ? 'the checks did not finish in time' : reasonOf(result.error)
      this.print(`  ✗ ${this.failure}`)
    }
    for (const attachment of result.attachments)
      if (attachment.path) this.print(`  ${attachment.name}: ${path.relative(process.cwd(), attachment.path)}`)
  }

  onError(error: TestError) {
    this.failure ??= reasonOf(error)
    this.print(`  ✗ ${reasonOf(error)}`)
  }

  onEnd(result: FullResult) {
    const took = seconds(Date.now() - this.started)
    if (result.status === 'passed' && !this.failure) this.print(`verified and isolated in ${took}`)
    else this.print(`NOT verified (${took}): ${this.failure?.split('\n')[0] ?? result.status}`)
  }
}
