/** Injected time for both stand-ins, so tests can move it (cognito-local's `Clock` / `ClockFake`). */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export class FakeClock implements Clock {
  #ms: number
  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.#ms = typeof start === 'number' ? start : start.getTime()
  }
  now(): Date {
    return new Date(this.#ms)
  }
  advanceBy(ms: number): void {
    this.#ms += ms
  }
}
