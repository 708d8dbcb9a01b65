/**
 * The tokens' lives in one picture: for each token when the user authenticated (`auth_time`), when it was issued
 * (`iat`) and when it expires (`exp`); where "now" is (moving); and how far this browser's clock is from the
 * issuer's. Plain SVG (no chart library); a screen reader gets the same as one sentence per token (`<desc>`).
 * Loaded lazily (lazy-token-timeline.tsx): it is not part of the callback's first load.
 */
import { useId } from 'react'
import { clockTime } from '../clock-time.ts'
import { useNow } from '../use-now.ts'

export interface TimelineToken {
  name: string
  payload: Record<string, unknown>
}

export interface TokenTimelineProps {
  tokens: TimelineToken[]
  /** This browser's clock minus the issuer's, in seconds (positive: the browser is ahead). */
  skewSeconds?: number
  /** ms since epoch; the ticking clock when left out. */
  now?: number
}

const WIDTH = 640
const LEFT = 112
const RIGHT = 16
const TOP = 26
const ROW = 52

const seconds = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)
const clock = (s: number) => clockTime(s * 1000)

function relative(s: number, now: number): string {
  const d = Math.round(s - now)
  const abs = Math.abs(d)
  const text = abs >= 3600 ? `${Math.round(abs / 360) / 10} h` : abs >= 60 ? `${Math.round(abs / 60)} min` : `${abs} s`
  return d === 0 ? 'now' : d > 0 ? `in ${text}` : `${text} ago`
}

/** One sentence per token, and one for the clocks: what the picture shows, for a screen reader. */
export function describeTimeline(tokens: TimelineToken[], nowSeconds: number, skewSeconds?: number): string {
  const sentences = tokens.map(({ name, payload }) => {
    const exp = seconds(payload.exp)
    const marks: [string, number | undefined][] = [
      ['authenticated', seconds(payload.auth_time)],
      ['issued', seconds(payload.iat)],
      [exp !== undefined && nowSeconds >= exp ? 'expired' : 'expires', exp],
    ]
    const parts = marks.flatMap(([what, at]) =>
      at === undefined ? [] : [`${what} at ${clock(at)} (${relative(at, nowSeconds)})`],
    )
    return `${name}: ${parts.length ? parts.join(', ') : 'no times'}.`
  })
  sentences.push(`Now: ${clock(nowSeconds)}.`)
  if (skewSeconds !== undefined)
    sentences.push(
      skewSeconds === 0
        ? "This browser's clock agrees with the issuer's."
        : `This browser's clock is ${Math.abs(skewSeconds)} s ${skewSeconds > 0 ? 'ahead of' : 'behind'} the issuer's.`,
    )
  return sentences.join(' ')
}

/** A claim's moment on a token's row: a tick across the bar, its label below (ending at the tick when `end`). */
function Tick({ claim, x, y, label, end }: { claim: string; x: number; y: number; label: string; end?: boolean }) {
  return (
    <g data-mark={claim} data-x={x.toFixed(1)}>
      <line x1={x} x2={x} y1={y + 2} y2={y + 24} className="tick" />
      <text x={x} y={y + 38} textAnchor={end ? 'end' : 'start'} className="small">
        {label}
      </text>
    </g>
  )
}

export function TokenTimeline({ tokens, skewSeconds, now }: TokenTimelineProps) {
  const ticking = useNow()
  const nowSeconds = (now ?? ticking) / 1000
  const id = useId()
  const issuerNow = nowSeconds - (skewSeconds ?? 0)
  const times = [nowSeconds, issuerNow]
  for (const { payload } of tokens)
    for (const claim of ['auth_time', 'iat', 'exp']) {
      const at = seconds(payload[claim])
      if (at !== undefined) times.push(at)
    }
  const first = Math.min(...times)
  const span = Math.max(Math.max(...times) - first, 60)
  const x = (s: number) => LEFT + ((s - first) / span) * (WIDTH - LEFT - RIGHT)
  const height = TOP + tokens.length * ROW + 24
  const skewX = [x(issuerNow), x(nowSeconds)].sort((a, b) => a - b) as [number, number]

  return (
    <figure className="timeline">
      <svg
        data-testid="token-timeline"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
      >
        <title id={`${id}-title`}>Token timeline</title>
        <desc id={`${id}-desc`}>{describeTimeline(tokens, nowSeconds, skewSeconds)}</desc>
        {tokens.map(({ name, payload }, row) => {
          const y = TOP + row * ROW
          const auth = seconds(payload.auth_time)
          const iat = seconds(payload.iat)
          const exp = seconds(payload.exp)
          const expired = exp !== undefined && nowSeconds >= exp
          return (
            <g key={name} data-token={name}>
              <text x={0} y={y + 16} className="label">
                {name}
              </text>
              {iat !== undefined && exp !== undefined ? (
                <rect
                  x={x(iat)}
                  y={y + 6}
                  width={Math.max(x(exp) - x(iat), 1)}
                  height={14}
                  rx={3}
                  className={expired ? 'life expired' : 'life'}
                />
              ) : null}
              {auth !== undefined ? (
                <g data-mark="auth_time" data-x={x(auth).toFixed(1)}>
                  <path d={`M${x(auth)} ${y + 4}l5 9l-5 9l-5-9z`} className="auth" />
                  <text x={x(auth) - 5} y={y} className="small">
                    auth_time {clock(auth)}
                  </text>
                </g>
              ) : null}
              {iat !== undefined ? <Tick claim="iat" x={x(iat)} y={y} label={`iat ${clock(iat)}`} /> : null}
              {exp !== undefined ? (
                <Tick claim="exp" x={x(exp)} y={y} label={`exp ${clock(exp)} (${relative(exp, nowSeconds)})`} end />
              ) : null}
            </g>
          )
        })}
        <g data-mark="skew">
          <rect
            x={skewX[0]}
            y={TOP - 4}
            width={Math.max(skewX[1] - skewX[0], 2)}
            height={tokens.length * ROW}
            className="skew"
          />
        </g>
        <g data-mark="now" data-x={x(nowSeconds).toFixed(1)}>
          <line x1={x(nowSeconds)} x2={x(nowSeconds)} y1={TOP - 10} y2={TOP + tokens.length * ROW} className="now" />
          <text x={x(nowSeconds)} y={TOP - 14} textAnchor="middle" className="small now-label">
            now {clock(nowSeconds)}
          </text>
        </g>
        {skewSeconds !== undefined ? (
          <text x={LEFT} y={height - 6} className="small">
            {skewSeconds === 0
              ? 'clock skew 0 s: this browser agrees with the issuer'
              : `clock skew ${skewSeconds > 0 ? '+' : ''}${skewSeconds} s: this browser is ${skewSeconds > 0 ? 'ahead of' : 'behind'} the issuer (shaded)`}
          </text>
        ) : null}
      </svg>
    </figure>
  )
}
