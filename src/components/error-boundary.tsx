import { Component, type ReactNode } from 'react'

/** The one error boundary: a message, never a stack trace. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {}
  static getDerivedStateFromError(error: Error) {
    return { error }
  }
  render() {
    if (!this.state.error) return this.props.children
    return (
      <main className="page">
        <h1>Something went wrong</h1>
        <p role="alert">{this.state.error.message || 'An unexpected error.'}</p>
        <p>
          <a href="/">Back to the start</a>
        </p>
      </main>
    )
  }
}
