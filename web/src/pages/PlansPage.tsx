import { useEffect, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import type { PublicHost } from '../../../shared/api/hosts.ts'
import { isPlanId, PLANS, type PlanId } from '../../../shared/plans/catalog.ts'
import { formatCents } from '../../../shared/plans/formatMoney.ts'
import { useSignedIn } from '../auth/useSignedIn.ts'
import { useHosts } from '../hosts/useHosts.ts'
import { PlanPicker } from '../plans/PlanPicker.tsx'
import { plansPath } from '../plans/plansPath.ts'
import { useCheckoutStart } from '../plans/useCheckoutStart.ts'

const leaveForCheckout = (url: string) => window.location.assign(url)

const signInPath = (next: string) => `/sign-in?${new URLSearchParams({ next })}`

function BackToHosts({ children }: { children: string }) {
  return (
    <div role="alert" className="notice">
      <p>{children}</p>
      <Link className="button secondary" to="/host-selection">
        Choose a host
      </Link>
    </div>
  )
}

function ChosenHost({ host }: { host: PublicHost }) {
  return (
    <div className="chosen-host">
      <p className="muted">Your host</p>
      <h2>{host.name}</h2>
      {host.bio && <p>{host.bio}</p>}
      <Link to="/host-selection">Change host</Link>
    </div>
  )
}

function PlanChoice({ host, plan, cancelled }: { host: PublicHost; plan: PlanId | undefined; cancelled: boolean }) {
  const navigate = useNavigate()
  const signedIn = useSignedIn()
  const checkout = useCheckoutStart(leaveForCheckout)
  const [missingPlan, setMissingPlan] = useState(false)
  const starting = checkout.state.status === 'starting'

  useEffect(() => {
    if (checkout.state.status === 'needsSignIn') navigate(signInPath(plansPath({ hostId: host.id, plan })))
  }, [checkout.state.status, host.id, plan, navigate])

  const choose = (next: PlanId) => {
    setMissingPlan(false)
    // The choice goes in the URL, so sign-in comes back to it; it replaces the entry, like typing.
    navigate(plansPath({ hostId: host.id, plan: next }), { replace: true })
  }

  const pay = () => {
    if (!plan) return setMissingPlan(true)
    if (signedIn.status !== 'signedIn') return navigate(signInPath(plansPath({ hostId: host.id, plan })))
    checkout.start(host.id, plan)
  }

  const label = starting ? 'Opening secure checkout…' : signedIn.status === 'signedIn' ? (plan ? `Pay ${formatCents(PLANS[plan].priceCents, PLANS[plan].currency)}` : 'Pay') : 'Sign in to pay'

  return (
    <>
      {cancelled && (
        <p role="status" className="notice">
          Payment cancelled, nothing was charged.{plan && ` Your choice of ${PLANS[plan].name} is kept below.`}
        </p>
      )}
      <PlanPicker chosen={plan} onChoose={choose} disabled={starting} />
      {missingPlan && (
        <p role="alert" className="problem">
          Choose a plan first.
        </p>
      )}
      {checkout.state.status === 'failed' && (
        <p role="alert" className="problem">
          {checkout.state.message}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={pay} disabled={starting || signedIn.status === 'loading'}>
          {label}
        </button>
      </div>
      <p className="muted">You pay on Stripe's secure page, then book your first session straight away.</p>
    </>
  )
}

export default function PlansPage() {
  const [params] = useSearchParams()
  const hostId = params.get('host')
  const planParam = params.get('plan')
  const plan = isPlanId(planParam) ? planParam : undefined
  const cancelled = params.get('cancelled') === '1'
  const { state, retry } = useHosts()
  const host = state.status === 'ready' ? state.hosts.find((candidate) => candidate.id === hostId) : undefined

  return (
    <section aria-labelledby="plans-heading" aria-busy={state.status === 'loading'}>
      <title>Choose a plan · Presence</title>
      <h1 id="plans-heading">Choose a plan</h1>
      {!hostId ? (
        <BackToHosts>Choose a host first: plans are bought for sessions with one host.</BackToHosts>
      ) : state.status === 'loading' ? (
        <p role="status">Loading your host…</p>
      ) : state.status === 'error' ? (
        <div role="alert" className="notice">
          <p>We couldn't load your host. Check your connection and try again.</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      ) : !host ? (
        <BackToHosts>We couldn't find that host. They may no longer be taking new members.</BackToHosts>
      ) : (
        <>
          <ChosenHost host={host} />
          <PlanChoice host={host} plan={plan} cancelled={cancelled} />
        </>
      )}
    </section>
  )
}
