/**
 * A dynamic import started at most once and shared by everyone who asks, so code kept out of the callback's first
 * load can be requested ahead of use (e.g. react-router, once the callback's verdict is rendered) and rendered by
 * `<Lazy>` when it is there.
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let module: Promise<T> | undefined
  return () => {
    module ??= load()
    return module
  }
}
