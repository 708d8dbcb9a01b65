/** The current time as a React external store: one shared 1 s timer, running only while something shows the time. */
import { useSyncExternalStore } from 'react'

let now = Date.now()
const listeners = new Set<() => void>()
let timer: ReturnType<typeof setInterval> | undefined

function subscribe(listener: () => void) {
  listeners.add(listener)
  // After a pause with nothing subscribed, the first reading is fresh (React re-reads the snapshot after subscribing).
  if (!timer) now = Date.now()
  timer ??= setInterval(() => {
    now = Date.now()
    for (const l of listeners) l()
  }, 1000)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

/** The current time in ms, re-rendering once a second while used (expiry countdowns, the token timeline). */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now)
}
