/**
 * `npm run infra:synth` and `npm run infra:deploy` (and `npx tsx scripts/infra.ts destroy`): the CDK app in infra/.
 *
 * - synth: synthesizes in-process — no credentials, no network, no Docker — into infra/cdk.out/ (the template is
 *   `CognitoHasuraDemo.template.json`), building the SPA and the trigger zips first when they are missing.
 * - deploy: builds the SPA and the trigger zips, synthesizes, runs the installed `cdk deploy` on that very cloud
 *   assembly, writes the outputs to the git-ignored `.env.deployment` and prints the Hasura settings to apply.
 *   Every step before `cdk deploy` runs (and is tested) offline.
 * - destroy: synthesizes, then `cdk destroy`.
 *
 * Context: `-c name=value` (or `--context name=value`) after `--`, over infra/cdk.json's `context`. Any other argument
 * goes to the cdk CLI (deploy/destroy), e.g. `--profile demo` or `--require-approval never`.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createDemoApp, DEFAULT_PATHS } from '../infra/app.ts'
import { STACK_NAME } from '../infra/cognito-hasura-demo-stack.ts'
import { CONTEXT_KEYS, readSettings } from '../infra/context.ts'
import { envDeployment, hasuraInstructions, readOutputs } from '../infra/deployment-outputs.ts'
import { buildTriggers, triggerNames } from './build-triggers.ts'

const root = path.resolve(import.meta.dirname, '..')

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export interface ParsedArgs {
  command: 'synth' | 'deploy' | 'destroy'
  context: Record<string, string>
  cdkArgs: string[]
}

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv
  if (command !== 'synth' && command !== 'deploy' && command !== 'destroy')
    throw new UsageError(`usage: tsx scripts/infra.ts synth|deploy|destroy [-c name=value …] (got "${command ?? ''}")`)
  const context: Record<string, string> = {}
  const cdkArgs: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string
    let pair: string | undefined
    if (arg === '-c' || arg === '--context') pair = rest[++i]
    else if (arg.startsWith('--context=')) pair = arg.slice('--context='.length)
    else {
      cdkArgs.push(arg)
      continue
    }
    const match = /^([^=]+)=(.*)$/.exec(pair ?? '')
    if (!match) throw new UsageError(`${arg} needs name=value, e.g. -c domainPrefix=my-demo`)
    const [, key, value] = match as unknown as [string, string, string]
    if (!(CONTEXT_KEYS as readonly string[]).includes(key))
      throw new UsageError(`unknown context "${key}"; the app reads ${CONTEXT_KEYS.join(', ')}`)
    context[key] = value
  }
  if (command === 'synth' && cdkArgs.length)
    throw new UsageError(`synth takes only -c name=value, not ${cdkArgs.join(' ')}`)
  return { command, context, cdkArgs }
}

/** The steps, injectable so that everything up to the network call is tested offline. */
export interface InfraSteps {
  buildSpa(): Promise<void>
  buildTriggers(): Promise<void>
  /** The cdk CLI with these arguments; rejects on a non-zero exit. */
  cdk(args: string[]): Promise<void>
  log(line: string): void
}

export interface InfraPaths {
  outdir: string
  triggersDir: string
  spaDir: string
  /** `cdk deploy --outputs-file`. */
  outputsFile: string
  envFile: string
  cdkJson: string
}

export const PATHS: InfraPaths = {
  ...DEFAULT_PATHS,
  outputsFile: path.join(DEFAULT_PATHS.outdir, 'outputs.json'),
  envFile: path.join(root, '.env.deployment'),
  cdkJson: path.join(root, 'infra', 'cdk.json'),
}

/** Runs one command; returns the path of the template it synthesized. */
export async function runInfra(args: ParsedArgs, steps: InfraSteps, paths: InfraPaths = PATHS): Promise<string> {
  const fileContext = (JSON.parse(readFileSync(paths.cdkJson, 'utf8')) as { context?: Record<string, string> }).context
  const context = { ...fileContext, ...args.context }
  readSettings((key) => context[key]) // a wrong value fails here, before anything is built

  if (args.command === 'deploy') {
    const missing = (['domainPrefix', 'hasuraGraphqlUrl'] as const).filter((key) => !context[key])
    if (missing.length)
      throw new UsageError(
        `deploy needs ${missing.map((key) => `-c ${key}=…`).join(' and ')}, e.g. npm run infra:deploy -- -c domainPrefix=my-demo-1234 -c hasuraGraphqlUrl=https://my-project.hasura.app/v1/graphql (the example values are for synth only)`,
      )
  }
  // With spaUrl the SPA is hosted elsewhere. `vite build` empties dist/, the zips' folder included: the SPA first.
  const hosted = !context.spaUrl
  const fresh = args.command === 'deploy'
  if (hosted && (fresh || !existsSync(path.join(paths.spaDir, 'index.html')))) await steps.buildSpa()
  if (fresh || triggerNames().some((name) => !existsSync(path.join(paths.triggersDir, `${name}.zip`))))
    await steps.buildTriggers()

  const started = performance.now()
  rmSync(paths.outdir, { recursive: true, force: true }) // no assets of an earlier synthesis left behind
  const { app, settings } = createDemoApp({
    context,
    outdir: paths.outdir,
    triggersDir: paths.triggersDir,
    spaDir: paths.spaDir,
  })
  const template = app.synth().getStackByName(STACK_NAME).templateFullPath
  steps.log(
    `synthesized ${path.relative(root, template)} in ${((performance.now() - started) / 1000).toFixed(1)} s (domain prefix ${settings.domainPrefix}, Hasura ${settings.hasuraGraphqlUrl}, SPA ${settings.spaUrl ?? 'S3 + CloudFront'})`,
  )
  if (args.command === 'synth') return template

  const assembly = ['--app', paths.outdir]
  if (args.command === 'destroy') {
    await steps.cdk(['destroy', STACK_NAME, ...assembly, ...args.cdkArgs])
    return template
  }
  await steps.cdk(['deploy', STACK_NAME, ...assembly, '--outputs-file', paths.outputsFile, ...args.cdkArgs])
  const outputs = readOutputs(JSON.parse(readFileSync(paths.outputsFile, 'utf8')), STACK_NAME)
  writeFileSync(paths.envFile, envDeployment(outputs, new Date()))
  steps.log(`\nwrote ${path.relative(root, paths.envFile)} (git-ignored)\n`)
  steps.log(hasuraInstructions(outputs))
  return template
}

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (${signal ?? `exit code ${code}`}); see above`)),
    )
  })
}

const cdkCli = path.join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk')

const realSteps: InfraSteps = {
  // CloudFront sends the CSP as a header built from the stack's values; a meta policy made from the build's local
  // defaults would contradict /config.json (docs/decisions/006-runtime-config-json.md).
  buildSpa: () => run('npm run build', 'npm', ['run', 'build'], { VITE_CSP_META: 'false' }),
  buildTriggers: async () => {
    await buildTriggers(PATHS.triggersDir)
  },
  cdk: (args) => run(`cdk ${args[0]}`, process.execPath, [cdkCli, ...args]),
  log: (line) => console.log(line),
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await runInfra(parseArgs(process.argv.slice(2)), realSteps)
  } catch (error) {
    // The message names the problem (a usage or context error, a failed step, CDK's validation report above it).
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
}
