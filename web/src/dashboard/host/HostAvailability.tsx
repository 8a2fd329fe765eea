import Cal from '@calcom/embed-react'
import { useId } from 'react'
import { embedCalLink } from '../../booking/HostCalendar.tsx'
import { calcomEmbedJsUrl, calcomIsLocalStandIn, calcomOrigin } from '../../config.ts'
import { manageAvailabilityLink } from './manageAvailabilityLink.ts'

/**
 * A namespace of its own per mount: embed.js keeps one inline embed per namespace, so a page
 * shown again (back to /host in the app) would otherwise get the old instance's loading
 * skeleton and never its calendar. useId's `:` would break embed.js's `CAL:<ns>:<event>` names.
 */
function useEmbedNamespace(): string {
  return `presence-host-availability-${useId().replace(/[^A-Za-z0-9]/g, '')}`
}
/**
 * A constant object: `<Cal>` reads its config once, when the embed starts. The page type tells
 * embed.js which skeleton to show while loading and to take it away once the calendar is ready:
 * without it, the month view's skeleton (unlabelled placeholder buttons) stays under the frame.
 */
const EMBED_CONFIG = { layout: 'month_view' as const, 'cal.embed.pageType': 'user.event.booking.slots' as const }

/** The host's own Cal.com calendar inline, as members see it, and where to change their hours. */
export function HostAvailability({ calLink }: { calLink: string | null }) {
  const namespace = useEmbedNamespace()
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
          <Cal className="host-calendar" namespace={namespace} calLink={embedCalLink(calLink)} calOrigin={calcomOrigin} embedJsUrl={calcomEmbedJsUrl} config={EMBED_CONFIG} />
        </>
      ) : (
        <p className="notice">
          Your host record has no Cal.com link yet, so members can't book you online. Ask the Presence team to add your Cal.com Link.
        </p>
      )}
    </section>
  )
}
