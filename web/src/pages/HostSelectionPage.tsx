import { useMemo } from 'react'
import type { PublicHost } from '../../../shared/api/hosts.ts'
import { HostCard } from '../hosts/HostCard.tsx'
import { HostFilterBar } from '../hosts/HostFilterBar.tsx'
import { matchesHost, tagsOf } from '../hosts/hostSearch.ts'
import { useHostFilters, type HostFilterControls } from '../hosts/useHostFilters.ts'
import { useHosts } from '../hosts/useHosts.ts'

function FilteredHosts({ hosts, controls }: { hosts: PublicHost[]; controls: HostFilterControls }) {
  const { filters, clear } = controls
  const availableTags = useMemo(() => tagsOf(hosts), [hosts])
  const shown = useMemo(() => hosts.filter((host) => matchesHost(host, filters)), [hosts, filters])
  const filtering = filters.query.trim() !== '' || filters.tags.length > 0

  return (
    <>
      <HostFilterBar controls={controls} availableTags={availableTags} />
      <p role="status" className="muted">
        {filtering ? `${shown.length} of ${hosts.length} ${hosts.length === 1 ? 'host' : 'hosts'} match` : `${hosts.length} ${hosts.length === 1 ? 'host' : 'hosts'}`}
      </p>
      {shown.length === 0 ? (
        <div className="notice">
          <p>No host matches your search.</p>
          <button type="button" className="button secondary" onClick={clear}>
            Clear search and filters
          </button>
        </div>
      ) : (
        <ul className="host-list" aria-label="Hosts">
          {shown.map((host) => (
            <li key={host.id}>
              <HostCard host={host} />
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

export default function HostSelectionPage() {
  const { state, retry } = useHosts()
  const controls = useHostFilters()
  return (
    <section aria-labelledby="hosts-heading" aria-busy={state.status === 'loading'}>
      <title>Choose a host · Presence</title>
      <h1 id="hosts-heading">Choose a host</h1>
      <p className="lede">Each host meets members one to one over private video.</p>
      {state.status === 'loading' && <p role="status">Loading hosts…</p>}
      {state.status === 'error' && (
        <div role="alert" className="notice">
          <p>We couldn't load the hosts. Check your connection and try again.</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {state.status === 'ready' &&
        (state.hosts.length === 0 ? (
          <p className="notice">No hosts are available right now. Please check back soon.</p>
        ) : (
          <FilteredHosts hosts={state.hosts} controls={controls} />
        ))}
    </section>
  )
}
