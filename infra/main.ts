/**
 * The `cdk` CLI's entry point (infra/cdk.json), for `npx cdk diff|deploy|destroy` run from infra/. The project's own
 * commands (`npm run infra:synth`, `npm run infra:deploy`) synthesize in-process through scripts/infra.ts instead.
 */
import { createDemoApp } from './app.ts'

createDemoApp({ outdir: process.env.CDK_OUTDIR }).app.synth()
