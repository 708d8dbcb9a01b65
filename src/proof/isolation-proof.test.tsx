// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { type ProofReport, Results } from './isolation-proof.tsx'

afterEach(cleanup)

const report: ProofReport = {
  verdict: 'leak',
  ranAt: '2026-11-29T00:00:00.000Z',
  hasura: 'http://localhost:8080/v1/graphql',
  project: 'examples/notes',
  tables: [
    {
      table: 'public.users',
      kind: 'per-user',
      filters: [{ role: 'user', filter: { id: { _eq: 'X-Hasura-User-Id' } } }],
      verdict: 'isolated',
    },
    { table: 'public.notes', kind: 'per-user', filters: [{ role: 'user', filter: {} }], verdict: 'leak' },
    { table: 'public.tags', kind: 'shared', filters: [{ role: 'user', filter: {} }], verdict: 'shared' },
  ],
  identities: [
    {
      sub: 'alice-sub',
      username: 'alice',
      role: 'user',
      verdict: 'leak',
      probes: [
        {
          table: 'public.users',
          id: 'own-row',
          title: 'users returns exactly my row',
          expected: '1',
          actual: '1',
          outcome: 'pass',
        },
        {
          table: 'public.notes',
          id: 'public.notes:rows',
          title: 'every row notes returns satisfies its filter for me',
          expected: 'mine',
          actual: '1 row(s) the filter does not give me: id=3',
          outcome: 'leak',
        },
      ],
    },
  ],
}

async function shown(value: ProofReport) {
  const promise = Promise.resolve(value)
  render(<Results promise={promise} />)
  await act(() => promise)
}

describe('the isolation proof results', () => {
  it('shows one table-verdict per table, with its filter, and the overall verdict', async () => {
    await shown(report)
    expect(screen.getByTestId('isolation-verdict').getAttribute('data-verdict')).toBe('leak')
    const rows = screen.getAllByTestId('table-verdict')
    expect(rows.map((r) => [r.getAttribute('data-table'), r.getAttribute('data-verdict')])).toEqual([
      ['public.users', 'isolated'],
      ['public.notes', 'leak'],
      ['public.tags', 'shared'],
    ])
    expect(rows[0]?.textContent).toContain('Per user (depends on X-Hasura-User-Id): {"id":{"_eq":"X-Hasura-User-Id"}}')
    expect(rows[2]?.textContent).toContain('Shared: every user reads the rows of this filter, by design: {}')
    expect(screen.getByRole('table', { name: 'Verdict per table' }).querySelector('caption')?.textContent).toBe(
      'Tables of examples/notes the role may select',
    )
  })

  it("groups each identity's probes by table", async () => {
    await shown(report)
    const probes = screen.getByRole('table', { name: 'Probes as alice' })
    const groups = within(probes).getAllByRole('rowgroup').slice(1) // after the header
    expect(groups.map((g) => within(g).getAllByRole('row')[0]?.textContent)).toEqual(['public.users', 'public.notes'])
    expect(probes.querySelector('[data-probe="public.notes:rows"]')?.getAttribute('data-outcome')).toBe('leak')
  })

  it('says there is nothing to prove when the role may select no table', async () => {
    await shown({ ...report, verdict: 'error', tables: [], identities: [] })
    expect(screen.getByTestId('isolation-verdict').textContent).toBe('Error: nothing to prove.')
    expect(screen.getByText(/The role may select no table of examples\/notes/)).toBeTruthy()
  })
})
