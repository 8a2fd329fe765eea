import Cal, { getCalApi } from '@calcom/embed-react'
import { useEffect, useMemo, useRef } from 'react'

/** What the page knows once the embed reports a booking (`bookingSuccessfulV2`'s data). */
export interface EmbedBooking {
  uid: string
  startTime: string
  endTime: string
}

export interface CalendarPrefill {
  name: string
  email: string
  phone: string
  memberId: string
  /** The paid session this booking uses; the webhook pipeline checks it against the attendee. */
  paidSessionId: string
}

/** `<Cal>` wants the link's path (`jane/session`); operators may paste the whole `https://cal.com/jane/session`. */
export function embedCalLink(link: string): string {
  const trimmed = link.trim()
  let path = trimmed
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      path = new URL(trimmed).pathname
    } catch {
      path = trimmed
    }
  }
  return path.replace(/^\/+|\/+$/g, '')
}

/**
 * The embed's namespace, on both `<Cal>` and `getCalApi`, as Cal.com documents it: without one,
 * `getCalApi` starts a second, iframe-less instance for the empty namespace, which throws on the
 * booking page's messages.
 */
const NAMESPACE = 'presence-booking'

interface HostCalendarProps {
  calLink: string
  calOrigin: string
  embedJsUrl: string
  prefill: CalendarPrefill
  onBooked: (booking: EmbedBooking) => void
}

/**
 * The host's Cal.com calendar inline. The metadata rides on the booking into Cal.com's webhook,
 * where the pipeline matches it to the paid session; it is a claim, checked server-side.
 */
export function HostCalendar({ calLink, calOrigin, embedJsUrl, prefill, onBooked }: HostCalendarProps) {
  const onBookedRef = useRef(onBooked)
  onBookedRef.current = onBooked

  // `<Cal>` reads its config once, when the embed starts; a stable object keeps it from looking changed.
  const config = useMemo(
    () => ({
      name: prefill.name,
      email: prefill.email,
      attendeePhoneNumber: prefill.phone,
      'metadata[memberId]': prefill.memberId,
      'metadata[sessionId]': prefill.paidSessionId,
      layout: 'month_view' as const,
    }),
    [prefill.name, prefill.email, prefill.phone, prefill.memberId, prefill.paidSessionId],
  )

  useEffect(() => {
    let cal: Awaited<ReturnType<typeof getCalApi>> | undefined
    let stopped = false
    const callback = (event: CustomEvent<{ data: Partial<EmbedBooking> }>) => {
      const { uid, startTime, endTime } = event.detail.data
      if (uid && startTime && endTime) onBookedRef.current({ uid, startTime, endTime })
    }
    void getCalApi({ embedJsUrl, namespace: NAMESPACE }).then((api) => {
      if (stopped) return
      cal = api
      api('on', { action: 'bookingSuccessfulV2', callback })
    })
    return () => {
      stopped = true
      cal?.('off', { action: 'bookingSuccessfulV2', callback })
    }
  }, [embedJsUrl])

  return <Cal className="host-calendar" namespace={NAMESPACE} calLink={embedCalLink(calLink)} calOrigin={calOrigin} embedJsUrl={embedJsUrl} config={config} />
}
