import type { HandledTrigger } from '../../../../shared/calcom/payload.ts'
import { creditStateFor } from '../../../../shared/credits/creditRules.ts'
import type { BookingPaymentFlag } from '../../../../shared/domain/statuses.ts'
import type postgres from 'postgres'
import type { SessionRow } from '../sessions/sessionRepository.ts'

/** Events that carry the embed's metadata, and so can say which paid session a booking uses. */
const CLAIMING_TRIGGERS: ReadonlySet<HandledTrigger> = new Set(['BOOKING_CREATED', 'BOOKING_REQUESTED', 'BOOKING_RESCHEDULED'])

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface CreditContext {
  trigger: HandledTrigger
  /** The event's `metadata[sessionId]`: the paid session it claims (a claim, checked here). */
  claimedSessionId: string | null
  /** Whether the attendee Cal.com booked is the member who bought the claimed paid session (checked before the transaction). */
  attendeeIsBuyer: boolean
  cutoffHours: number
  /** When this delivery arrived: the cancellation time when Cal.com gave none. */
  receivedAt: Date
}

export interface CreditOutcome {
  /** Paid sessions whose record must be written again. */
  paidSessionIds: string[]
  /** This booking's record now lives on its paid session's record: its own must go. */
  movedOntoPaidSession: boolean
}

/**
 * Where a booking uses a credit, inside the transaction that folded its event. The first event
 * that carries the embed's metadata decides, once, whether the booking uses the paid session it
 * names: only if that session is the attendee's own, for this host, and still available — taken
 * by one atomic update, so two bookings racing for the last credit end with one attached and one
 * flagged. After that, every change to the booking moves its paid session: booked, used, or
 * available again (see `creditStateFor`).
 */
export async function settleCredit(tx: postgres.TransactionSql, session: SessionRow, context: CreditContext): Promise<CreditOutcome> {
  const outcome: CreditOutcome = { paidSessionIds: [], movedOntoPaidSession: false }
  let paidSessionId = session.paidSessionId
  if (!session.creditDecided && CLAIMING_TRIGGERS.has(context.trigger)) {
    const decision = await decide(tx, session, context)
    await tx`
      update sessions set paid_session_id = ${decision.paidSessionId}, payment_flag = ${decision.flag}, credit_decided = true,
        state_version = state_version + 1, updated_at = now()
      where id = ${session.id}`
    paidSessionId = decision.paidSessionId
    outcome.movedOntoPaidSession = decision.paidSessionId !== null
  }
  if (!paidSessionId) return outcome

  const next = creditStateFor(session.state, context.cutoffHours, context.receivedAt)
  // Only while this booking is the paid session's current one: a returned credit booked again
  // belongs to the newer booking. A refunded one stays refunded, and one refunded while booked
  // does not come back when that booking is cancelled.
  const moved = await tx`
    update paid_sessions p set credit_status = t.next, updated_at = now()
    from (
      select id, case when refunded_at is not null and ${next} = 'available' then 'refunded' else ${next} end as next
      from paid_sessions where id = ${paidSessionId}
    ) t
    where p.id = t.id and p.session_id = ${session.id} and p.credit_status <> 'refunded' and p.credit_status <> t.next
      -- Once attendance has settled the session (a host no-show gives the credit back), it is final.
      and not exists (select 1 from sessions s where s.id = ${session.id} and s.attendance is not null)
    returning p.id`
  if (moved.length > 0 || outcome.movedOntoPaidSession) outcome.paidSessionIds.push(paidSessionId)
  return outcome
}

async function decide(
  tx: postgres.TransactionSql,
  session: SessionRow,
  context: CreditContext,
): Promise<{ paidSessionId: string | null; flag: BookingPaymentFlag | null }> {
  const claimed = context.claimedSessionId
  if (!claimed) return { paidSessionId: null, flag: 'No Paid Session' }
  if (!UUID.test(claimed)) return { paidSessionId: null, flag: 'Credit Not Available' }
  const known = await tx`select 1 from paid_sessions where id = ${claimed}`
  if (known.length === 0) return { paidSessionId: null, flag: 'Credit Not Available' }
  if (!context.attendeeIsBuyer) return { paidSessionId: null, flag: 'Attendee Not Member' }
  const taken = await tx`
    update paid_sessions set credit_status = 'booked', session_id = ${session.id}, updated_at = now()
    where id = ${claimed} and credit_status = 'available' and refunded_at is null and host_id = ${session.state.hostId ?? ''}
    returning id`
  return taken.length > 0 ? { paidSessionId: claimed, flag: null } : { paidSessionId: null, flag: 'Credit Not Available' }
}

/** The member who bought a claimed paid session, read before the transaction so the directory is never awaited inside it. */
export async function buyerOfClaim(sql: postgres.Sql, claimedSessionId: string | null): Promise<string | null> {
  if (!claimedSessionId || !UUID.test(claimedSessionId)) return null
  const [row] = await sql<{ memberId: string }[]>`select member_id as "memberId" from paid_sessions where id = ${claimedSessionId}`
  return row?.memberId ?? null
}
