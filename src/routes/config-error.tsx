import type { SettingProblem } from '../settings.ts'

/** Shown instead of the app when a VITE_* setting is missing or malformed: each one named, with a good example. */
export function ConfigError({ problems }: { problems: SettingProblem[] }) {
  return (
    <main className="page">
      <h1>This build is misconfigured</h1>
      <p>
        Fix these settings in <code>.env.local</code> (or the environment of <code>npm run build</code>) and restart.
        See <code>.env.example</code>.
      </p>
      <ul className="problems" data-testid="config-problems">
        {problems.map((p) => (
          <li key={p.name}>
            <strong>
              <code>{p.name}</code>
            </strong>{' '}
            {p.problem}
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
