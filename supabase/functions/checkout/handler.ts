import { checkoutRequestSchema, type CheckoutCreated, type PurchaseView } from '../../../shared/api/checkout.ts'
import { signSessionToken, sessionLinkUrl } from '../../../shared/links/sessionLinks.ts'
import type { Member } from '../../../shared/operations/record.ts'
import { PLANS } from '../../../shared/plans/catalog.ts'
import type { Authenticate } from '../_shared/auth/signedInUser.ts'
import type { Sql } from '../_shared/db/connect.ts'
import { AppError, BadRequestError, ForbiddenError, NotFoundError } from '../_shared/errors.ts'
import { withCors } from '../_shared/http/cors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod } from '../_shared/http/requestGuards.ts'
import type { Payments } from '../_shared/payments/payments.ts'
import { freeCancellationUntil, type CreditState } from '../../../shared/credits/creditRules.ts'
import { purchaseColumns, UUID, type PurchaseRow } from '../_shared/payments/purchases.ts'
import { withRetry, type Sleep } from '../_shared/payments/withRetry.ts'
import type { RetryPolicy } from '../_shared/retry/retryPolicy.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import type { Directory } from '../_shared/store/directory.ts'

export interface CheckoutDeps {
  sql: Sql
  directory: Pick<Directory, 'getHost' | 'findMemberByPhone'>
  payments: Payments
  /** Verifies the Supabase Auth JWT: the member is whoever holds that phone, never an id the browser sends. */
  authenticate: Authenticate
  retry: RetryPolicy
  appUrl: string
  linkSigningSecret: string
  cancellationCutoffHours: number
  log: Logger
  sleep?: Sleep
}

/** The host is not taking bookings (Inactive). */
export class HostUnavailableError extends AppError {
  constructor() {
    super('This host is not taking bookings right now; choose another host.', 409, 'host_unavailable')
  }
}

const METHODS = ['GET', 'POST']
const MAX_BODY_BYTES = 16 * 1024

interface PaidSessionViewRow {
  id: string
  position: number
  creditStatus: CreditState
  refundedAt: Date | null
  sessionId: string | null
  bookingId: string | null
  startTime: Date | null
  endTime: Date | null
}

/**
 * Checkout for a signed-in member. POST `{hostId, plan}` records an open purchase and creates
 * its Checkout Session at the catalog's price; GET `?purchase=<id>` shows the member's own
 * purchase, so the booking page can wait for the payment and then for the booking.
 */
export function createCheckoutHandler(deps: CheckoutDeps): Handler {
  const { sql } = deps

  async function signedInMember(req: Request): Promise<Member> {
    const user = await deps.authenticate(req)
    const member = await deps.directory.findMemberByPhone(user.phone)
    if (!member) throw new ForbiddenError('Add your name and email before you pay.', 'profile_required')
    return member
  }

  async function startCheckout(req: Request): Promise<Response> {
    const member = await signedInMember(req)
    const parsed = checkoutRequestSchema.safeParse(parseJsonBody(await readBodyWithLimit(req, MAX_BODY_BYTES)))
    if (!parsed.success) throw new BadRequestError(`Send {"hostId": "<host id>", "plan": "adhoc" or "weekly"}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}`)
    const host = await deps.directory.getHost(parsed.data.hostId)
    if (!host) throw new NotFoundError('No such host.')
    if (host.status !== 'Active') throw new HostUnavailableError()
    const plan = PLANS[parsed.data.plan]

    const [purchase] = await sql<{ id: string }[]>`
      insert into purchases (member_id, host_id, member_name, host_name, plan, amount_cents, currency)
      values (${member.id}, ${host.id}, ${member.name}, ${host.name}, ${plan.id}, ${plan.priceCents}, ${plan.currency})
      returning id::text`
    const purchaseId = purchase!.id
    const successUrl = new URL('/book', deps.appUrl)
    successUrl.searchParams.set('purchase', purchaseId)
    const cancelUrl = new URL('/plans', deps.appUrl)
    cancelUrl.searchParams.set('host', host.id)
    cancelUrl.searchParams.set('plan', plan.id)
    cancelUrl.searchParams.set('cancelled', '1')
    // Every attempt of this request is the same Stripe request: one purchase, one key.
    const session = await withRetry(
      deps.retry,
      () =>
        deps.payments.createCheckoutSession({
          idempotencyKey: purchaseId,
          amountCents: plan.priceCents,
          currency: plan.currency,
          productName: `Presence ${plan.name} plan with ${host.name} (${plan.sessions} ${plan.sessions === 1 ? 'session' : 'sessions'})`,
          metadata: { purchase_id: purchaseId, member_id: member.id, host_id: host.id, plan_type: plan.id },
          clientReferenceId: member.id,
          customerEmail: member.email || null,
          successUrl: successUrl.toString(),
          cancelUrl: cancelUrl.toString(),
        }),
      deps.sleep,
    )
    await sql`update purchases set checkout_session_id = ${session.id}, checkout_url = ${session.url}, updated_at = now() where id = ${purchaseId}`
    return json(200, { purchaseId, url: session.url } satisfies CheckoutCreated)
  }

  async function showPurchase(req: Request): Promise<Response> {
    const member = await signedInMember(req)
    const id = new URL(req.url).searchParams.get('purchase') ?? ''
    if (!UUID.test(id)) throw new NotFoundError('No such purchase.')
    // Someone else's purchase is "not found", not "forbidden": its existence is not theirs to learn.
    const [purchase] = await sql<PurchaseRow[]>`select ${purchaseColumns(sql)} from purchases where id = ${id} and member_id = ${member.id}`
    if (!purchase) throw new NotFoundError('No such purchase.')
    const rows = await sql<PaidSessionViewRow[]>`
      select p.id::text, p.position, p.credit_status as "creditStatus", p.refunded_at as "refundedAt", s.id::text as "sessionId",
        s.booking_id as "bookingId", s.start_time as "startTime", s.end_time as "endTime"
      from paid_sessions p left join sessions s on s.id = p.session_id
      where p.purchase_id = ${purchase.id} order by p.position`
    const sessions = await Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        position: row.position,
        creditStatus: row.creditStatus,
        refunded: row.refundedAt !== null,
        booking:
          row.sessionId && row.bookingId && row.startTime && row.endTime
            ? {
                bookingId: row.bookingId,
                start: row.startTime.toISOString(),
                end: row.endTime.toISOString(),
                sessionLink: sessionLinkUrl(deps.appUrl, row.bookingId, 'member', await signSessionToken(deps.linkSigningSecret, row.sessionId, 'member')),
                freeCancellationUntil: freeCancellationUntil(row.startTime, deps.cancellationCutoffHours).toISOString(),
              }
            : null,
      })),
    )
    const view: PurchaseView = {
      purchaseId: purchase.id,
      status: purchase.paymentStatus,
      plan: purchase.plan as PurchaseView['plan'],
      host: { id: purchase.hostId, name: purchase.hostName ?? '' },
      amountCents: purchase.amountCents,
      currency: purchase.currency,
      refundedCents: purchase.refundedCents,
      sessions,
    }
    return json(200, view)
  }

  return withCors(
    withErrorMapping(async (req) => {
      requireMethod(req, ...METHODS)
      return req.method === 'POST' ? startCheckout(req) : showPurchase(req)
    }, deps.log),
    deps.appUrl,
    [...METHODS, 'OPTIONS'].join(', '),
  )
}
