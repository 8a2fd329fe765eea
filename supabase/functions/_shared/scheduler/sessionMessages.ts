import { z } from 'zod'
import { zoneOrUtc } from '../../../../shared/messages/quietHours.ts'
import { sessionLinkUrl, signSessionToken } from '../../../../shared/links/sessionLinks.ts'
import { reminderSkipReason } from '../../../../shared/schedule/reminders.ts'
import type { BookingState } from '../../../../shared/sessions/bookingState.ts'
import type { Role } from '../../../../shared/sessions/sessionView.ts'
import { formatRangeInZone, formatTimeInZone } from '../../../../shared/templates/formatTime.ts'
import type { Sql } from '../db/connect.ts'
import type { SessionMessageKind } from '../jobs/messageJobs.ts'
import type { PlaceholderValues, Recipient, ValuesFor } from '../messages/messageValues.ts'
import { laterSessionOfMember } from './schedulerTick.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const sessionPayload = z.object({
  sessionId: z.string().regex(UUID, 'must be a session id'),
  start: z.iso.datetime({ offset: true }),
  previousStart: z.iso.datetime({ offset: true }).optional(),
  to: z.object({ role: z.enum(['member', 'host']) }).loose(),
})
const inactivityPayload = z.object({ sessionId: z.string().regex(UUID, 'must be a session id'), to: z.object({ memberId: z.string().min(1) }).loose() })

export interface SessionMessageDeps {
  sql: Sql
  appUrl: string
  /** Signs each recipient's own session link (`{{joinUrl}}`); null leaves it without a value. */
  linkSecret: string | null
}

async function sessionState(sql: Sql, sessionId: string): Promise<BookingState | null> {
  const [row] = await sql<{ state: BookingState }[]>`select state from sessions where id = ${sessionId}`
  return row?.state ?? null
}

/** The zone a recipient reads their messages in: their own (Members/Hosts), else the one Cal.com reported for their side, else UTC. */
function zoneFor(recipient: Recipient, state: BookingState, role: Role): string {
  return zoneOrUtc(recipient.timeZone ?? (role === 'host' ? state.hostTimeZone : state.memberTimeZone))
}

/**
 * The placeholders of the messages about one session, for one side: the time it announces (from
 * the job, which is keyed by it) in the recipient's zone, named, and their own signed link.
 */
export function createSessionMessageValues(deps: SessionMessageDeps): Record<SessionMessageKind | 'inactive-48h', ValuesFor> {
  const rebookUrl = new URL('/host-selection', deps.appUrl).toString()

  const aboutSession: ValuesFor = async (payload, recipient) => {
    const { sessionId, start, previousStart, to } = sessionPayload.parse(payload)
    const state = await sessionState(deps.sql, sessionId)
    if (!state) return {}
    const role = to.role
    const timeZone = zoneFor(recipient, state, role)
    const startAt = new Date(start)
    const endAt = new Date(startAt.getTime() + (Date.parse(state.end) - Date.parse(state.start)))
    const values: PlaceholderValues = {
      memberName: state.memberName,
      hostName: state.hostName,
      recipientName: recipient.name ?? (role === 'host' ? state.hostName : state.memberName),
      otherName: role === 'host' ? state.memberName : state.hostName,
      startTime: formatTimeInZone(startAt, timeZone),
      sessionTime: formatRangeInZone(startAt, endAt, timeZone),
      timeZone,
      joinUrl: deps.linkSecret ? sessionLinkUrl(deps.appUrl, state.bookingId, role, await signSessionToken(deps.linkSecret, sessionId, role)) : null,
      rebookUrl,
      previousStartTime: previousStart ? formatTimeInZone(new Date(previousStart), timeZone) : null,
      cancelledBy: state.cancelledBy === 'host' ? state.hostName : state.cancelledBy === 'member' ? state.memberName : null,
      cancellationReason: state.cancellationReason ?? 'no reason given',
    }
    return values
  }

  return {
    'booking-confirmation': aboutSession,
    'booking-rescheduled': aboutSession,
    'booking-cancelled': aboutSession,
    'pre-session-reminder': aboutSession,
    'inactive-48h': async (payload, recipient) => {
      const { sessionId } = inactivityPayload.parse(payload)
      const state = await sessionState(deps.sql, sessionId)
      return { memberName: state?.memberName ?? recipient.name, recipientName: recipient.name, hostName: state?.hostName ?? null, rebookUrl }
    },
  }
}

/**
 * Why a queued message about a session must not go now (recorded as skipped), or null. A job may
 * run late (a worker was down, a retry's backoff): by then the session may have moved, been
 * cancelled or started, and the message would be wrong.
 */
export function createSessionMessageChecks(deps: { sql: Sql }) {
  return async function skipReason(kind: string, payload: Record<string, unknown>, now: Date): Promise<string | null> {
    if (kind === 'inactive-48h') {
      const { sessionId, to } = inactivityPayload.parse(payload)
      const [row] = await deps.sql<{ later: boolean }[]>`
        select ${laterSessionOfMember(deps.sql, now)} as later from sessions last
        where last.id = ${sessionId} and (last.state ->> 'memberId') = ${to.memberId}`
      if (!row) return 'the session it was about is not this member’s completed session'
      return row.later ? 'the member has booked or completed another session since' : null
    }
    if (!['booking-confirmation', 'booking-rescheduled', 'booking-cancelled', 'pre-session-reminder'].includes(kind)) return null
    const { sessionId, start } = sessionPayload.parse(payload)
    const [row] = await deps.sql<{ status: string; start: Date }[]>`select booking_status as status, start_time as start from sessions where id = ${sessionId}`
    const session = row ? { status: row.status, start: row.start.toISOString() } : null
    if (kind === 'pre-session-reminder') return reminderSkipReason(start, session, now)
    if (!session) return 'the session no longer exists'
    if (kind === 'booking-cancelled') return session.status === 'Cancelled' ? null : `the session is ${session.status} again`
    if (session.status !== 'Created') return `the session is ${session.status}`
    if (Date.parse(session.start) !== Date.parse(start)) return `the session moved from ${start} to ${session.start}`
    return null
  }
}

export type SkipReason = ReturnType<typeof createSessionMessageChecks>
