/**
 * A time of day on this browser's clock, `HH:MM:SS` (24 h). Not `toLocaleTimeString()`: the first call in a page
 * sets up ICU's locale and time-zone formatting, 15–20 ms of main thread right when the callback paints its verdict
 * (docs/decisions/018-spa-first-load-and-paint.md).
 */
export function clockTime(ms: number): string {
  const d = new Date(ms)
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
}
