// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { usePromise, watchPromise } from './promise-state.ts'

afterEach(cleanup)

/** Renders what `usePromise` says and records every state it rendered. */
function Shows({ promise, seen }: { promise: Promise<string>; seen: string[] }) {
  const state = usePromise(promise)
  const text = state.status === 'fulfilled' ? state.value : state.status
  seen.push(text)
  return <p>{text}</p>
}

describe('usePromise', () => {
  it('shows pending, then the value once the promise settles', async () => {
    let resolve = (_: string) => {}
    const promise = new Promise<string>((r) => {
      resolve = r
    })
    const seen: string[] = []
    const { container } = render(<Shows promise={promise} seen={seen} />)
    expect(container.textContent).toBe('pending')
    await act(async () => resolve('verified'))
    expect(container.textContent).toBe('verified')
    expect(seen).toEqual(['pending', 'verified'])
  })

  it('shows a rejection as rejected', async () => {
    const promise = Promise.reject(new Error('no'))
    const seen: string[] = []
    await act(async () => {
      render(<Shows promise={promise} seen={seen} />)
    })
    expect(seen.at(-1)).toBe('rejected')
  })

  it('renders a watched promise that has settled with its value at once: no pending render first', async () => {
    const promise = watchPromise(Promise.resolve('verified'))
    await promise
    const seen: string[] = []
    render(<Shows promise={promise} seen={seen} />)
    expect(seen).toEqual(['verified'])
  })

  it('still renders pending first for a settled promise nobody watched', async () => {
    const promise = Promise.resolve('verified')
    await promise
    const seen: string[] = []
    await act(async () => {
      render(<Shows promise={promise} seen={seen} />)
    })
    expect(seen).toEqual(['pending', 'verified'])
  })
})
