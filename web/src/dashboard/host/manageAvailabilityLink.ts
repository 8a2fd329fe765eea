import { embedCalLink } from '../../booking/HostCalendar.tsx'

export interface ManageAvailabilityLink {
  href: string
  /** The local stand-in has no availability settings, so the link opens the host's booking page there. */
  standIn: boolean
}

/** Where a host changes their hours: Cal.com's own availability page, or the stand-in's booking page for them. */
export function manageAvailabilityLink(calLink: string, calcom: { origin: string; isLocalStandIn: boolean }): ManageAvailabilityLink {
  if (calcom.isLocalStandIn) {
    const path = embedCalLink(calLink).split('/').map(encodeURIComponent).join('/')
    return { href: `${calcom.origin}/${path}`, standIn: true }
  }
  return { href: `${calcom.origin}/availability`, standIn: false }
}
