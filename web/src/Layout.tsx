import { Suspense } from 'react'
import { Link, NavLink, Outlet } from 'react-router-dom'

export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Presence
        </Link>
        <nav aria-label="Main">
          <NavLink to="/host-selection">Hosts</NavLink>
          <NavLink to="/dashboard">Your sessions</NavLink>
        </nav>
      </header>
      <main id="main" className="page">
        {/* Inside main so the header stays put while a lazy page loads. */}
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  )
}
