import Cal from '@calcom/embed-react'
import { embedCalLink } from '../../booking/HostCalendar.tsx'
import { calcomEmbedJsUrl, calcomIsLocalStandIn, calcomOrigin } from '../../config.ts'
import { manageAvailabilityLink } from './manageAvailabilityLink.ts'

/** Its own namespace, so this embed never shares an instance with the booking page's. */
const NAMESPACE = 'presence-host-availability'
/** A constant object: `<Cal>` reads its config once, when the embed starts. */
const EMBED_CONFIG = { layout: 'month_view' as const }

/** The host's own Cal.com calendar inline, as members see it, and where to change their hours. */
export function HostAvailability({ calLink }: { calLink: string | null }) {
  const manage = calLink ? manageAvailabilityLink(calLink, { origin: calcomOrigin, isLocalStandIn: calcomIsLocalStandIn }) : null
  return (
    <section className="dashboard-section" aria-labelledby="host-availability-heading">
      <h2 id="host-availability-heading">Your availability</h2>
      {calLink && manage ? (
        <>
          <p>
            <a href={manage.href} target="_blank" rel="noreferrer">
              Manage availability on Cal.com<span className="visually-hidden"> (opens in a new tab)</span>
            </a>
            {manage.standIn && <span className="muted"> (this is the local stand-in for Cal.com, which has no availability settings: it opens your booking page there)</span>}
          </p>
          <p className="muted">Your calendar as members see it when they book you.</p>
          <Cal className="host-calendar" namespace={NAMESPACE} calLink={embedCalLink(calLink)} calOrigin={calcomOrigin} embedJsUrl={calcomEmbedJsUrl} config={EMBED_CONFIG} />
        </>
      ) : (
        <p className="notice">
          Your host record has no Cal.com link yet, so members can't book you online. Ask the Presence team to add your Cal.com Link.
        </p>
      )}
    </section>
  )
}
