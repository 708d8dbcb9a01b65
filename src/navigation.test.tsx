// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { MemoryRouter, Route, Routes } from 'react-router-dom'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Link, LinksProvider, NavLink } from './navigation.tsx'
import { routerLinks } from './router-links.ts'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

describe('links before react-router (the callback page on its own)', () => {
  function renderEarly() {
    const navigate = vi.fn<(to: string) => void>()
    render(
      <LinksProvider value={{ routed: false, navigate }}>
        <Link to="/proof" className="button">
          Prove row-level isolation
        </Link>
        <NavLink to="/">Home</NavLink>
      </LinksProvider>,
    )
    return navigate
  }

  it('are plain anchors to the path, so that they open in a new tab as well', () => {
    renderEarly()
    const link = screen.getByRole('link', { name: 'Prove row-level isolation' })
    expect(link.getAttribute('href')).toBe('/proof')
    expect(link.className).toBe('button')
    expect(screen.getByRole('link', { name: 'Home' }).getAttribute('href')).toBe('/')
  })

  it('hand a plain click to navigate instead of reloading the page (tokens live in memory)', () => {
    const navigate = renderEarly()
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 })
    screen.getByRole('link', { name: 'Home' }).dispatchEvent(click)
    expect(navigate).toHaveBeenCalledWith('/')
    expect(click.defaultPrevented).toBe(true)
  })

  it('leave clicks that open a tab or window to the browser', () => {
    const navigate = renderEarly()
    const link = screen.getByRole('link', { name: 'Home' })
    for (const modifier of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { button: 1 }]) {
      const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...modifier })
      link.dispatchEvent(click)
      expect(click.defaultPrevented).toBe(false)
    }
    expect(navigate).not.toHaveBeenCalled()
  })
})

describe('links in the routed app', () => {
  it("are react-router's: a click changes the route without a page load, and NavLink marks the current page", () => {
    render(
      <MemoryRouter initialEntries={['/']}>
        <LinksProvider value={routerLinks}>
          <NavLink to="/">Home</NavLink>
          <Routes>
            <Route index element={<Link to="/proof">Prove</Link>} />
            <Route path="/proof" element={<p>the proof page</p>} />
          </Routes>
        </LinksProvider>
      </MemoryRouter>,
    )
    expect(screen.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe('page')
    fireEvent.click(screen.getByRole('link', { name: 'Prove' }))
    expect(screen.getByText('the proof page')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBeNull()
  })

  it('need a provider: a link outside both says so', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => render(<Link to="/">Home</Link>)).toThrow('links need a <LinksProvider> above them')
  })
})
