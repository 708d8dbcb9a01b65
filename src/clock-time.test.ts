import { describe, expect, it } from 'vitest'
import { clockTime } from './clock-time.ts'

describe('clockTime', () => {
  it('reads hours, minutes and seconds on the local clock, two digits each', () => {
    const at = new Date(2026, 0, 2, 7, 5, 9).getTime()
    expect(clockTime(at)).toBe('07:05:09')
    expect(clockTime(new Date(2026, 0, 2, 23, 59, 59, 999).getTime())).toBe('23:59:59')
  })
})
