import { formatCents } from '../../shared/plans/formatMoney.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { describeError } from '../../supabase/functions/_shared/errors.ts'
import { recordSyncJob } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import type { Outbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import type { Payments, Refund } from '../../supabase/functions/_shared/payments/payments.ts'
import { paidSessionsOf, purchaseColumns, UUID, type PurchaseRow } from '../../supabase/functions/_shared/payments/purchases.ts'
import { recordRefund } from '../../supabase/functions/_shared/payments/refundLedger.ts'
import { STRIPE_REFUND_RETRY } from '../../supabase/functions/_shared/payments/stripe/retryPolicy.ts'
import { withRetry, type Sleep } from '../../supabase/functions/_shared/payments/withRetry.ts'
import { PAID_SESSION_IDS_KEY } from '../../shared/stripe/events.ts'
import { EXIT, warn, type CliIo } from './io.ts'

export interface RefundsCreateDeps extends CliIo {
  sql: Sql
  payments: Payments
  outbox: Pick<Outbox, 'enqueue'>
  sleep?: Sleep
}

export interface RefundsCreateOptions {
  purchaseId: string
  /** Only the credits not booked or used yet; otherwise whatever of the payment is not refunded. */
  unusedOnly: boolean
}

async function findPurchase(sql: Sql, id: string): Promise<PurchaseRow | null> {
  if (!UUID.test(id)) return null
  const [row] = await sql<PurchaseRow[]>`select ${purchaseColumns(sql)} from purchases where id = ${id}`
  return row ?? null
}

/**
 * `presence refunds create <purchase> [--unused-only]`: refunds through the payments adapter
 * (Stripe's Refunds API, or the local stand-in) and marks the credits it pays back. The
 * idempotency key names the purchase and those credits, so running it again after a crash
 * is the same refund, and after a success finds nothing left to refund.
 */
export async function createRefund(deps: RefundsCreateDeps, options: RefundsCreateOptions): Promise<number> {
  const purchase = await findPurchase(deps.sql, options.purchaseId)
  if (!purchase) {
    warn(deps, `No purchase ${options.purchaseId}. npm run presence -- purchases list shows them.`)
    return EXIT.failed
  }
  if (purchase.paymentStatus !== 'paid' || !purchase.paymentIntentId) {
    warn(deps, `Purchase ${purchase.id} is ${purchase.paymentStatus}, not paid: there is nothing to refund.`)
    return EXIT.failed
  }
  const open = (await paidSessionsOf(deps.sql, purchase.id)).filter((session) => session.refundedAt === null)
  const targets = options.unusedOnly ? open.filter((session) => session.creditStatus === 'available') : open
  // The unused credits' share, or everything not refunded yet (which covers any rounding cent).
  const amountCents = options.unusedOnly ? targets.reduce((sum, session) => sum + session.amountCents, 0) : purchase.amountCents - purchase.refundedCents
  if (targets.length === 0 || amountCents <= 0) {
    warn(deps, options.unusedOnly ? `Purchase ${purchase.id} has no unused credits left to refund.` : `Purchase ${purchase.id} is already refunded.`)
    return EXIT.failed
  }
  const ids = targets.map((session) => session.id)
  let refund: Refund
  try {
    refund = await withRetry(
      STRIPE_REFUND_RETRY,
      () =>
        deps.payments.createRefund({
          idempotencyKey: `refund:${purchase.id}:${targets.map((session) => session.position).join('-')}`,
          paymentIntentId: purchase.paymentIntentId!,
          amountCents,
          metadata: { purchase_id: purchase.id, [PAID_SESSION_IDS_KEY]: ids.join(',') },
        }),
      deps.sleep,
    )
  } catch (error) {
    // It may have been made with the answer lost: the same key makes a second run the same refund.
    warn(deps, `The refund did not complete: ${describeError(error)}\nNothing was recorded here; run the command again to finish it (it cannot refund twice).`)
    return EXIT.failed
  }
  await deps.sql.begin(async (tx) => {
    const [locked] = await tx<PurchaseRow[]>`select ${purchaseColumns(tx)} from purchases where id = ${purchase.id} for update`
    const changed = await recordRefund(tx, locked!, { id: refund.id, amountCents: refund.amountCents, status: refund.status, paidSessionIds: ids })
    if (changed.length > 0) await deps.outbox.enqueue(tx, changed.map(recordSyncJob))
  })
  const credits = `${targets.length} ${targets.length === 1 ? 'credit' : 'credits'} (${targets.map((session) => `#${session.position}`).join(', ')})`
  deps.print(`Refund ${refund.id}: ${formatCents(refund.amountCents, purchase.currency)} of purchase ${purchase.id}, ${refund.status}, for ${credits}.`)
  const booked = targets.filter((session) => session.creditStatus !== 'available')
  if (booked.length > 0) deps.print(`${booked.map((session) => `#${session.position}`).join(', ')} ${booked.length === 1 ? 'was' : 'were'} already booked or used: flagged on the record for an operator.`)
  if (refund.status !== 'succeeded') deps.print(`Stripe says ${refund.status}: the credits are marked when its refund.updated event says succeeded.`)
  return EXIT.ok
}
