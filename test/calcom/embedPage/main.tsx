/**
 * A page for the embed browser tests, configured from the query string: `?component=spa` renders
 * the SPA's own HostCalendar (the real `<Cal>` and its bookingSuccessfulV2 listener); otherwise
 * the real `<Cal>` as Cal.com documents it, with a namespace, and a listener of its own.
 */
import Cal, { getCalApi } from '@calcom/embed-react'
import { useEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { HostCalendar, type EmbedBooking } from '../../../web/src/booking/HostCalendar.tsx'

const params = new URLSearchParams(location.search)
const calLink = params.get('calLink') ?? ''
const calOrigin = params.get('calOrigin') ?? ''
const embedJsUrl = params.get('embedJsUrl') ?? ''
const prefill = { name: 'Max Member', email: 'max@presence.example', phone: '+61400000009', memberId: 'member-1', paidSessionId: 'paid-1' }
const booked = document.getElementById('booked')!

function showBooked(booking: EmbedBooking) {
  booked.dataset.uid = booking.uid
  booked.textContent = `Booked ${booking.uid} from ${booking.startTime} to ${booking.endTime}`
}

const NAMESPACE = 'presence'
const config = {
  name: prefill.name,
  email: prefill.email,
  attendeePhoneNumber: prefill.phone,
  'metadata[memberId]': prefill.memberId,
  'metadata[sessionId]': prefill.paidSessionId,
}

function DocumentedCal() {
  useEffect(() => {
    void getCalApi({ embedJsUrl, namespace: NAMESPACE }).then((cal) =>
      cal('on', {
        action: 'bookingSuccessfulV2',
        callback: (event) => {
          const { uid, startTime, endTime } = event.detail.data
          if (uid && startTime && endTime) showBooked({ uid, startTime, endTime })
        },
      }),
    )
  }, [])
  return <Cal namespace={NAMESPACE} calLink={calLink} calOrigin={calOrigin} embedJsUrl={embedJsUrl} config={config} />
}

createRoot(document.getElementById('root')!).render(
  params.get('component') === 'spa' ? (
    <HostCalendar calLink={calLink} calOrigin={calOrigin} embedJsUrl={embedJsUrl} prefill={prefill} onBooked={showBooked} />
  ) : (
    <DocumentedCal />
  ),
)
