import { Link } from 'react-router-dom'
import type { PublicHost } from '../../../shared/api/hosts.ts'
import { plansPath } from '../plans/plansPath.ts'

export function HostCard({ host }: { host: PublicHost }) {
  const headingId = `host-${host.id}`
  return (
    <article className="host-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{host.name}</h2>
      {host.bio && <p>{host.bio}</p>}
      {host.personalityTags.length > 0 && (
        <ul className="tags" aria-label={`${host.name}'s personality`}>
          {host.personalityTags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
      {host.timeZone && <p className="muted">Time zone: {host.timeZone}</p>}
      <Link className="button" to={plansPath({ hostId: host.id })} aria-label={`Choose ${host.name}`}>
        Choose
      </Link>
    </article>
  )
}
