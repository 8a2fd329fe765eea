import { ROOM_GRACE_AFTER_END_MS } from '../domain/sessionTimes.ts'

/**
 * Attendance rules, one place. A session's outcome is decided once: when the meeting ends with
 * both sides seen, or, whatever came in, at the reconcile after the booked end plus the grace.
 */
export const ATTENDANCE_OUTCOMES = ['attended', 'member_no_show', 'host_no_show', 'both_absent'] as const
export type AttendanceOutcome = (typeof ATTENDANCE_OUTCOMES)[number]

/**
 * How long after the booked end the worker asks the provider what happened. The room ejects
 * everyone 10 minutes after the end; Daily's `meeting.ended` comes up to 20 s after the last
 * leave, and its meetings API lags ~15 s: 5 minutes more covers both.
 */
export const RECONCILE_AFTER_END_MS = ROOM_GRACE_AFTER_END_MS + 5 * 60_000

/** Sessions that ended longer ago than this are not reconciled by the sweep (an operator can still queue one). */
export const RECONCILE_LOOKBACK_MS = 7 * 24 * 3_600_000

export function reconcileDueAt(end: Date): Date {
  return new Date(end.getTime() + RECONCILE_AFTER_END_MS)
}

export type Side = 'host' | 'member'

/**
 * Which side a participant is. The meeting token's `ud` is `<role>:<session id>` (see
 * buildSessionView); one naming this session says it. Without it, Daily's `owner` flag does:
 * only the host's token makes an owner.
 */
export function sideOf(participant: { userId: string | null | undefined; owner: boolean | undefined }, sessionId: string): Side {
  const id = participant.userId ?? ''
  if (id === `host:${sessionId}`) return 'host'
  if (id === `member:${sessionId}`) return 'member'
  return participant.owner ? 'host' : 'member'
}

export function outcomeOf(seen: { host: boolean; member: boolean }): AttendanceOutcome {
  if (seen.host && seen.member) return 'attended'
  if (seen.host) return 'member_no_show'
  if (seen.member) return 'host_no_show'
  return 'both_absent'
}

/**
 * What an outcome does to the money. The host is paid when they came (a member who did not
 * come has used the session); when the host did not come the member gets the session back. Both
 * absent: nobody is paid and the credit comes back: the host did not come either, and the member
 * should not lose a session the host would not have held.
 */
export function settlementOf(outcome: AttendanceOutcome): { payHost: boolean; credit: 'used' | 'available'; thankMember: boolean } {
  switch (outcome) {
    case 'attended':
      return { payHost: true, credit: 'used', thankMember: true }
    case 'member_no_show':
      return { payHost: true, credit: 'used', thankMember: false }
    case 'host_no_show':
    case 'both_absent':
      return { payHost: false, credit: 'available', thankMember: false }
  }
}

export interface Visit {
  side: Side
  joinedAt: Date | null
  leftAt: Date | null
}

/**
 * Minutes each side spent in the call: the union of their visits (a host on two devices, or one
 * who dropped and came back, is not counted twice), an open visit counted to `until` (the
 * meeting's end, or now). Rounded to the nearest minute.
 */
export function minutesBySide(visits: Visit[], until: Date): { host: number; member: number } {
  return { host: minutesOf(visits.filter((v) => v.side === 'host'), until), member: minutesOf(visits.filter((v) => v.side === 'member'), until) }
}

function minutesOf(visits: Visit[], until: Date): number {
  const spans = visits
    .filter((v) => v.joinedAt !== null)
    .map((v) => [v.joinedAt!.getTime(), Math.max(v.joinedAt!.getTime(), (v.leftAt ?? until).getTime())] as const)
    .sort((a, b) => a[0] - b[0])
  let total = 0
  let open: [number, number] | null = null
  for (const [start, end] of spans) {
    if (open && start <= open[1]) open[1] = Math.max(open[1], end)
    else {
      if (open) total += open[1] - open[0]
      open = [start, end]
    }
  }
  if (open) total += open[1] - open[0]
  return Math.round(total / 60_000)
}

/** The record's `Attendance`: in progress while the meeting runs, then the outcome. */
export const ATTENDANCE_LABELS = ['In Progress', 'Attended', 'Member No-Show', 'Host No-Show', 'Both No-Show'] as const
export type AttendanceLabel = (typeof ATTENDANCE_LABELS)[number]

const OUTCOME_LABELS: Record<AttendanceOutcome, AttendanceLabel> = {
  attended: 'Attended',
  member_no_show: 'Member No-Show',
  host_no_show: 'Host No-Show',
  both_absent: 'Both No-Show',
}

export function attendanceLabel(outcome: AttendanceOutcome | null, callRunning: boolean): AttendanceLabel | null {
  if (outcome) return OUTCOME_LABELS[outcome]
  return callRunning ? 'In Progress' : null
}
