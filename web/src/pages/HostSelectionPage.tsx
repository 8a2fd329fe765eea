import { HostCard } from '../hosts/HostCard.tsx'
import { useHosts, type HostsState } from '../hosts/useHosts.ts'

function HostList({ state, retry }: { state: HostsState; retry: () => void }) {
  switch (state.status) {
    case 'loading':
      return <p role="status">Loading hosts…</p>
    case 'error':
      return (
        <div role="alert" className="notice">
          <p>We couldn't load the hosts. Check your connection and try again.</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      )
    case 'ready':
      if (state.hosts.length === 0) {
        return <p className="notice">No hosts are available right now. Please check back soon.</p>
      }
      return (
        <ul className="host-list" aria-label="Hosts">
          {state.hosts.map((host) => (
            <li key={host.id}>
              <HostCard host={host} />
            </li>
          ))}
        </ul>
      )
  }
}

export default function HostSelectionPage() {
  const { state, retry } = useHosts()
  return (
    <section aria-labelledby="hosts-heading" aria-busy={state.status === 'loading'}>
      <title>Choose a host · Presence</title>
      <h1 id="hosts-heading">Choose a host</h1>
      <p className="lede">Each host meets members one to one over private video.</p>
      <HostList state={state} retry={retry} />
    </section>
  )
}
