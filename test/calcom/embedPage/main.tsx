/**
 * A page for the embed browser test: the SPA's own HostCalendar (the real `<Cal>` from
 * @calcom/embed-react and its bookingSuccessfulV2 listener), configured from the query string.
 */
import { createRoot } from 'react-dom/client'
import { HostCalendar } from '../../../web/src/booking/HostCalendar.tsx'

const params = new URLSearchParams(location.search)
const booked = document.getElementById('booked')!

createRoot(document.getElementById('root')!).render(
  <HostCalendar
    calLink={params.get('calLink') ?? ''}
    calOrigin={params.get('calOrigin') ?? ''}
    embedJsUrl={params.get('embedJsUrl') ?? ''}
    prefill={{ name: 'Max Member', email: 'max@presence.example', phone: '+61400000009', memberId: 'member-1', paidSessionId: 'paid-1' }}
    onBooked={(booking) => {
      booked.dataset.uid = booking.uid
      booked.textContent = `Booked ${booking.uid} from ${booking.startTime} to ${booking.endTime}`
    }}
  />,
)
