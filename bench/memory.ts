/**
 * The memory of everything `npm start` runs — npm itself, its shell, the start script with both stand-ins and the SPA
 * server (worker threads of that one process, `scripts/workers.ts`) — after a real sign-in and a Hasura query: the sum
 * of the resident set sizes of the whole process tree (Linux /proc).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { localUrls } from '../lib/local-pool.ts'
import { hostedSignIn, idTokenOf, localLoginUrl } from '../scripts/hosted-sign-in.ts'
import { DEMO_PASSWORD } from '../scripts/stack.ts'
import { npmStart } from './npm-start.ts'
import { root } from './processes.ts'

export interface MemoryFigures {
  totalRssMb: number
  processes: { pid: number; command: string; rssMb: number }[]
}

function status(pid: number): { ppid: number; rssKb: number; name: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8')
    const field = (name: string) => new RegExp(`^${name}:\\s+(.+)$`, 'm').exec(text)?.[1] ?? ''
    return { ppid: Number(field('PPid')), rssKb: Number.parseInt(field('VmRSS') || '0', 10), name: field('Name') }
  } catch {
    return undefined // the process ended while we looked
  }
}

/** Every live descendant of `rootPid`, itself included. */
function processTree(rootPid: number): { pid: number; command: string; rssMb: number }[] {
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => ({ pid: Number(entry), ...status(Number(entry)) }))
  const tree = new Set([rootPid])
  for (let grew = true; grew; ) {
    grew = false
    for (const p of all) {
      if (p.ppid !== undefined && tree.has(p.ppid) && !tree.has(p.pid)) {
        tree.add(p.pid)
        grew = true
      }
    }
  }
  return all
    .filter((p) => tree.has(p.pid) && p.rssKb !== undefined)
    .map((p) => {
      let command = p.name ?? ''
      try {
        command = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim().slice(0, 90)
      } catch {}
      return { pid: p.pid, command, rssMb: (p.rssKb ?? 0) / 1024 }
    })
}

const ports = { cognitoPort: 39329, hasuraPort: 38180, spaPort: 33433 }

/** Measured on an existing data dir (the usual start): a first run creates it and is not measured. */
export async function measureMemory(): Promise<MemoryFigures> {
  const dataDir = path.join(root, '.bench-memory-data')
  rmSync(dataDir, { recursive: true, force: true })
  const urls = localUrls(ports)
  await (await npmStart(dataDir, ports)).stop()
  const running = await npmStart(dataDir, ports)
  try {
    // A real sign-in (scrypt, both triggers, Hasura's upsert), the SPA's first page, and a Hasura query.
    const idToken = idTokenOf(await hostedSignIn(localLoginUrl(urls), 'alice', DEMO_PASSWORD))
    await (await fetch(`${urls.spa}/cognito-callback`)).text()
    const answer = await fetch(urls.hasura, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
      body: JSON.stringify({ query: '{ users { id username } }' }),
    })
    if (!(await answer.text()).includes('"users"')) throw new Error('the Hasura query after sign-in failed')
    await new Promise((r) => setTimeout(r, 500))
    const processes = processTree(running.child.process.pid as number)
    return { totalRssMb: processes.reduce((sum, p) => sum + p.rssMb, 0), processes }
  } finally {
    await running.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] === import.meta.filename) {
  const figures = await measureMemory()
  for (const p of figures.processes) console.log(`${p.rssMb.toFixed(0).padStart(6)} MB  ${p.command}`)
  console.log(`${figures.totalRssMb.toFixed(0).padStart(6)} MB  total`)
}
