/**
 * A promise's state as a React external store. Unlike `use()`, waiting here suspends nothing: what a page already
 * shows is committed at once instead of being held back while nested Suspense boundaries resolve (React throttles
 * those reveals), which matters for painting the callback's verdict fast.
 */
import { useSyncExternalStore } from 'react'

type State<T> = { status: 'pending' } | { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown }

const states = new WeakMap<Promise<unknown>, State<unknown>>()
const watched = new WeakSet<Promise<unknown>>()
const PENDING: State<never> = { status: 'pending' }

/**
 * Records the promise's state from now on, so that a first render after it settled shows the result — not "pending"
 * and then, one render later, the result. `usePromise` watches what it is given anyway; watch earlier to save that.
 */
export function watchPromise<T>(promise: Promise<T>): Promise<T> {
  if (!watched.has(promise)) {
    watched.add(promise)
    promise.then(
      (value) => states.set(promise, { status: 'fulfilled', value }),
      (reason) => states.set(promise, { status: 'rejected', reason }),
    )
  }
  return promise
}

export function usePromise<T>(promise: Promise<T>): State<T> {
  return useSyncExternalStore(
    (notify) => {
      watchPromise(promise)
      let subscribed = true
      promise.then(
        () => subscribed && queueMicrotask(notify),
        () => subscribed && queueMicrotask(notify),
      )
      return () => {
        subscribed = false
      }
    },
    () => (states.get(promise) as State<T> | undefined) ?? PENDING,
  )
}
