import type { SettingProblem } from '../settings.ts'

/**
 * Shown instead of the app when a setting is missing or malformed — from the build (`VITE_*`) or from /config.json:
 * each one named, with where it came from and a good example.
 */
export function ConfigError({ problems }: { problems: SettingProblem[] }) {
  const fromFile = problems.some((p) => p.source !== undefined)
  const fromBuild = problems.some((p) => p.source === undefined)
  return (
    <main className="page">
      <h1>{fromFile ? 'The settings are misconfigured' : 'This build is misconfigured'}</h1>
      <p>
        {fromBuild ? (
          <>
            Fix the build-time settings in <code>.env.local</code> (or the environment of <code>npm run build</code>)
            and rebuild.{' '}
          </>
        ) : null}
        {fromFile ? (
          <>
            Fix <code>/config.json</code>, served next to <code>index.html</code>; its values override the build's.{' '}
          </>
        ) : null}
        See <code>.env.example</code>.
      </p>
      <ul className="problems" data-testid="config-problems">
        {problems.map((p) => (
          <li key={`${p.name}: ${p.problem}`} data-source={p.source ?? 'build'}>
            <strong>
              <code>{p.name}</code>
            </strong>
            {p.source && p.name !== p.source ? <> (from {p.source})</> : null} {p.problem}
            {p.value ? (
              <>
                {' '}
                (got <code>{p.value}</code>)
              </>
            ) : null}
            . Example: <code>{p.example}</code>
          </li>
        ))}
      </ul>
    </main>
  )
}
