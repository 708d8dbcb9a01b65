/**
 * Durable state as a snapshot plus an append-only journal of changes: one JSON line per change, written and
 * fsync'd before the change is acknowledged, so a change costs the same with 10 records or 10,000.
 *
 * Opening replays the journal over the snapshot. A torn last line — a write cut short by a crash, so never
 * acknowledged — is cut off; an unreadable line anywhere else stops start-up with the file and line. Once the
 * journal holds more entries than the state has records (and at least `minEntries`), it is compacted: a new
 * snapshot is written atomically (write, fsync, rename), then the journal is emptied. Entries carry whole records,
 * so replaying is idempotent and a crash between those two steps loses nothing.
 */
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs'
import path from 'node:path'
import { fsyncDirectory, writeFileAtomic } from './persist.ts'

export interface JournalOptions<Entry> {
  dir: string
  /** File names: `<name>.json` (snapshot) and `<name>.journal`. */
  name: string
  /** Loads the snapshot, if there is one. */
  load(snapshot: unknown): void
  apply(entry: Entry): void
  /** The whole state, for a new snapshot. */
  snapshot(): unknown
  /** How many records the state holds (compaction is due when the journal outgrows it). */
  size(): number
  minEntries?: number
}

export interface Journal<Entry> {
  /** Writes and flushes one entry; the caller applies it in memory afterwards, then calls `compactIfDue`. */
  append(entry: Entry): void
  /** Compacts when the journal has outgrown the state; only call it with every appended entry applied. */
  compactIfDue(): void
  compact(): void
  close(): void
}

class JournalError extends Error {
  constructor(message: string) {
    super(message)
    this.name = this.constructor.name
  }
}

export interface Opened<Entry> {
  journal: Journal<Entry>
  /** Bytes of a torn last line that were cut off (0 when the journal ended cleanly). */
  tornBytes: number
}

export function openJournal<Entry>(options: JournalOptions<Entry>): Opened<Entry> {
  const { dir, name } = options
  const snapshotFile = path.join(dir, `${name}.json`)
  const journalFile = path.join(dir, `${name}.journal`)
  const minEntries = options.minEntries ?? 1000
  mkdirSync(dir, { recursive: true })

  if (existsSync(snapshotFile)) {
    try {
      options.load(JSON.parse(readFileSync(snapshotFile, 'utf8')))
    } catch (error) {
      throw new JournalError(`${snapshotFile} is not readable: ${(error as Error).message}`)
    }
  }
  const created = !existsSync(journalFile)
  const { entries, goodBytes, tornBytes } = created
    ? { entries: 0, goodBytes: 0, tornBytes: 0 }
    : replay(journalFile, options.apply)
  const fd = openSync(journalFile, 'a', 0o600)
  if (created) fsyncDirectory(dir)
  if (tornBytes > 0) {
    ftruncateSync(fd, goodBytes)
    fdatasyncSync(fd)
  }
  let pending = entries

  const journal: Journal<Entry> = {
    append(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`)
      fdatasyncSync(fd)
      pending += 1
    },
    compactIfDue() {
      if (pending > Math.max(minEntries, options.size())) journal.compact()
    },
    compact() {
      writeFileAtomic(snapshotFile, JSON.stringify(options.snapshot()))
      // Appends go to the end of the file: after this they start again at 0.
      ftruncateSync(fd, 0)
      fdatasyncSync(fd)
      pending = 0
    },
    close: () => closeSync(fd),
  }
  journal.compactIfDue()
  return { journal, tornBytes }
}

function replay<Entry>(file: string, apply: (entry: Entry) => void) {
  const data = readFileSync(file)
  let offset = 0
  let line = 0
  let entries = 0
  while (offset < data.length) {
    const newline = data.indexOf(0x0a, offset)
    line += 1
    // No newline: the write never finished, so it was never acknowledged.
    if (newline === -1) break
    const text = data.subarray(offset, newline).toString('utf8')
    let entry: Entry | undefined
    try {
      entry = text.trim() === '' ? undefined : (JSON.parse(text) as Entry)
    } catch (error) {
      if (newline + 1 >= data.length) break
      throw new JournalError(`${file}, line ${line}, is not a journal entry (${(error as Error).message})`)
    }
    if (entry !== undefined) {
      apply(entry)
      entries += 1
    }
    offset = newline + 1
  }
  return { entries, goodBytes: offset, tornBytes: data.length - offset }
}
