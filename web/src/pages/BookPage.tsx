import { useEffect, useMemo, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import type { PurchaseView } from '../../../shared/api/checkout.ts'
import { PLANS } from '../../../shared/plans/catalog.ts'
import { useSignedIn } from '../auth/useSignedIn.ts'
import { BookingConfirmation } from '../booking/BookingConfirmation.tsx'
import { HostCalendar, type CalendarPrefill, type EmbedBooking } from '../booking/HostCalendar.tsx'
import { bookedSessions, nextBookableSession, paymentPending, waitForPayment } from '../booking/paidSessions.ts'
import { usePurchase } from '../booking/usePurchase.ts'
import { calcomEmbedJsUrl, calcomOrigin } from '../config.ts'
import { useHosts } from '../hosts/useHosts.ts'
import { plansPath } from '../plans/plansPath.ts'
import { formatSessionStart } from '../session/formatTimes.ts'

interface Member {
  id: string
  name: string
  email: string
  phone: string
  timeZone: string | undefined
}

/** What the embed reported, for the paid session it was booked with. */
interface Booked {
  paidSessionId: string
  booking: EmbedBooking
  hostName: string
}

/** Every state of the page has this heading, except the confirmation, which has its own. */
const BookHeading = () => <h1 id="book-heading">Book your session</h1>

const bookPath = (purchaseId: string) => `/book?${new URLSearchParams({ purchase: purchaseId })}`

function Problem({ children, back }: { children: string; back: { to: string; label: string } }) {
  return (
    <div role="alert" className="notice">
      <p>{children}</p>
      <Link className="button secondary" to={back.to}>
        {back.label}
      </Link>
    </div>
  )
}

function BookedList({ purchase, timeZone }: { purchase: PurchaseView; timeZone: string | undefined }) {
  const booked = bookedSessions(purchase)
  if (booked.length === 0) return null
  return (
    <div className="notice">
      <h2>Already booked</h2>
      <ul>
        {booked.map((session) => (
          <li key={session.id}>
            {formatSessionStart(session.booking.start, { timeZone })} · <a href={session.booking.sessionLink}>session page</a>
          </li>
        ))}
      </ul>
    </div>
  )
}

/** Once paid: the host's calendar for the next unused paid session. */
function CalendarStep({ purchase, member, onBooked }: { purchase: PurchaseView; member: Member; onBooked: (booked: Booked) => void }) {
  const hosts = useHosts()
  const session = nextBookableSession(purchase)
  const plan = PLANS[purchase.plan]
  const prefill = useMemo<CalendarPrefill | null>(
    () => (session ? { name: member.name, email: member.email, phone: member.phone, memberId: member.id, paidSessionId: session.id } : null),
    [member, session?.id],
  )
  const backToPlans = { to: plansPath({ hostId: purchase.host.id }), label: 'See plans' }

  if (!session || !prefill) {
    return (
      <>
        <Problem back={backToPlans}>{`You've booked or used every session in this ${plan.name} plan.`}</Problem>
        <BookedList purchase={purchase} timeZone={member.timeZone} />
      </>
    )
  }
  if (hosts.state.status === 'loading') return <p role="status">Loading {purchase.host.name}'s calendar…</p>
  if (hosts.state.status === 'error') {
    return (
      <div role="alert" className="notice">
        <p>We couldn't load {purchase.host.name}'s calendar. Your payment is safe; try again.</p>
        <button type="button" className="button" onClick={hosts.retry}>
          Try again
        </button>
      </div>
    )
  }
  const calLink = hosts.state.hosts.find((host) => host.id === purchase.host.id)?.calLink
  if (!calLink) {
    return (
      <Problem back={{ to: '/host-selection', label: 'See hosts' }}>
        {`${purchase.host.name} hasn't connected a booking calendar yet, so this session can't be booked online. Your session is kept for you; please contact us to book it.`}
      </Problem>
    )
  }
  const count = purchase.sessions.length
  return (
    <>
      <p className="lede">
        Pick a time with {purchase.host.name}
        {count > 1 ? ` for session ${session.position} of ${count}` : ''}. Your details are filled in for you.
      </p>
      <BookedList purchase={purchase} timeZone={member.timeZone} />
      <HostCalendar calLink={calLink} calOrigin={calcomOrigin} embedJsUrl={calcomEmbedJsUrl} prefill={prefill} onBooked={(booking) => onBooked({ paidSessionId: session.id, booking, hostName: purchase.host.name })} />
    </>
  )
}

/** Waits for Stripe's word on the payment, then offers the calendar. */
function PaymentThenCalendar({ purchaseId, member, onBooked }: { purchaseId: string; member: Member; onBooked: (booked: Booked) => void }) {
  const state = usePurchase(purchaseId, waitForPayment)
  const heading = <BookHeading />

  if (state.status === 'error') {
    const notYours = state.error.status === 404 || state.error.status === 403
    return (
      <>
        {heading}
        <Problem back={{ to: '/host-selection', label: 'Choose a host' }}>
          {notYours ? "We couldn't find this purchase on your account." : `We couldn't load your purchase: ${state.error.message}`}
        </Problem>
      </>
    )
  }
  if (state.status === 'ready' && paymentPending(state.purchase) && !state.polling) {
    const settling = state.purchase.status === 'awaiting_payment'
    return (
      <>
        {heading}
        <p role="status" className="notice">
          {settling
            ? "Your bank is still processing the payment. You can book as soon as it clears; we'll text you when it does."
            : "We haven't heard from Stripe about this payment yet. If you paid, reload this page in a minute; if you didn't finish paying, nothing was charged."}
        </p>
      </>
    )
  }
  if (state.status === 'loading' || paymentPending(state.purchase)) {
    return (
      <>
        {heading}
        <p role="status" className="notice">
          Confirming your payment…{state.failing && ' (We are having trouble reaching the server; still trying.)'}
        </p>
      </>
    )
  }
  const { purchase } = state
  const retry = { to: plansPath({ hostId: purchase.host.id, plan: purchase.plan }), label: 'Back to plans' }
  if (purchase.status === 'failed') {
    return (
      <>
        {heading}
        <Problem back={retry}>Your payment didn't go through, so nothing was charged and nothing is booked.</Problem>
      </>
    )
  }
  if (purchase.status === 'expired') {
    return (
      <>
        {heading}
        <Problem back={retry}>This checkout expired before it was paid. Nothing was charged.</Problem>
      </>
    )
  }
  return (
    <>
      {heading}
      <CalendarStep purchase={purchase} member={member} onBooked={onBooked} />
    </>
  )
}

function Booking({ purchaseId, member }: { purchaseId: string; member: Member }) {
  const [booked, setBooked] = useState<Booked | null>(null)
  if (booked) {
    return <BookingConfirmation purchaseId={purchaseId} paidSessionId={booked.paidSessionId} booking={booked.booking} hostName={booked.hostName} timeZone={member.timeZone} />
  }
  return <PaymentThenCalendar purchaseId={purchaseId} member={member} onBooked={setBooked} />
}

export default function BookPage() {
  const [params] = useSearchParams()
  const purchaseId = params.get('purchase')
  const signedIn = useSignedIn()
  const navigate = useNavigate()
  const profile = signedIn.status === 'signedIn' ? signedIn.profile : null
  // Signed out, or signed in without a member record yet: the sign-in page does both, then comes back.
  const needsSignIn = signedIn.status === 'signedOut' || (profile !== null && profile.member === null)

  useEffect(() => {
    if (purchaseId && needsSignIn) navigate(`/sign-in?${new URLSearchParams({ next: bookPath(purchaseId) })}`, { replace: true })
  }, [purchaseId, needsSignIn, navigate])

  const member = useMemo<Member | null>(
    () =>
      profile?.member
        ? { id: profile.member.id, name: profile.member.name, email: profile.member.email ?? '', phone: profile.phone, timeZone: profile.member.timeZone ?? undefined }
        : null,
    [profile],
  )

  const heading = <BookHeading />
  let body
  if (!purchaseId) {
    body = (
      <>
        {heading}
        <Problem back={{ to: '/host-selection', label: 'Choose a host' }}>This booking link is missing its purchase. Start from a host's plans.</Problem>
      </>
    )
  } else if (signedIn.status === 'signedIn' && profile === null) {
    body = (
      <>
        {heading}
        <div role="alert" className="notice">
          <p>We couldn't load your details{signedIn.profileError ? ` (${signedIn.profileError})` : ''}. Your payment is safe.</p>
          <button type="button" className="button" onClick={() => void signedIn.reloadProfile()}>
            Try again
          </button>
        </div>
      </>
    )
  } else if (!member) {
    body = <p role="status">Loading…</p>
  } else {
    body = <Booking purchaseId={purchaseId} member={member} />
  }

  return (
    <section aria-labelledby="book-heading">
      <title>Book a session · Presence</title>
      {body}
    </section>
  )
}
