/**
 * The CDK app: the one stack, with cdk-nag's AWS Solutions checks applied (every finding is fixed or suppressed with
 * its reason next to the resource). Used by infra/main.ts (the `cdk` CLI's entry point), by `npm run infra:synth` /
 * `infra:deploy` (scripts/infra.ts) and by the tests.
 */
import path from 'node:path'
import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { triggerNames } from '../scripts/build-triggers.ts'
import { CognitoHasuraDemoStack, STACK_NAME } from './cognito-hasura-demo-stack.ts'
import { readSettings } from './context.ts'

const root = path.resolve(import.meta.dirname, '..')

export const DEFAULT_PATHS = {
  outdir: path.join(root, 'infra', 'cdk.out'),
  triggersDir: path.join(root, 'dist', 'triggers'),
  spaDir: path.join(root, 'dist'),
}

export interface DemoAppOptions {
  /** CDK context (`-c name=value`); the example values fill in what is missing. */
  context?: Record<string, string>
  outdir?: string
  triggersDir?: string
  spaDir?: string
}

export function createDemoApp(options: DemoAppOptions = {}) {
  const app = new App({ outdir: options.outdir ?? DEFAULT_PATHS.outdir, context: options.context })
  const settings = readSettings((key) => app.node.tryGetContext(key))
  const stack = new CognitoHasuraDemoStack(app, STACK_NAME, {
    settings,
    triggers: { names: triggerNames(), zipDir: options.triggersDir ?? DEFAULT_PATHS.triggersDir },
    spaDir: options.spaDir ?? DEFAULT_PATHS.spaDir,
  })
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }))
  return { app, stack, settings }
}
