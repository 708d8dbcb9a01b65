/** Crash-safe writes: write a temporary file, flush it, then rename over the target (atomic on POSIX). */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs'

export function writeFileAtomic(file: string, data: string, mode = 0o600): void {
  const temporary = `${file}.${process.pid}.tmp`
  const fd = openSync(temporary, 'w', mode)
  try {
    writeSync(fd, data)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temporary, file)
}
