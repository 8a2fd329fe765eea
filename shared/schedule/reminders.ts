/**
 * When the pre-session reminder goes, as instants: an hour before the start, measured in real
 * time (UTC), so a DST change between the reminder and the start moves neither. A session's start
 * is stored as an instant; no zone enters these rules.
 */
export const REMINDER_LEAD_MS = 3600_000

/**
 * How far back a tick looks for sessions whose reminder time passed unseen (the machine slept, a
 * deploy): those not yet started are reminded late, those already started are recorded as skipped.
 */
export const REMINDER_CATCH_UP_MS = 3600_000

export function reminderDueAt(start: Date): Date {
  return new Date(start.getTime() - REMINDER_LEAD_MS)
}

/** The starts a tick at `now` queues reminders for: due by now, started no longer ago than the catch-up. */
export function reminderWindow(now: Date): { startsAfter: Date; startsBy: Date } {
  return { startsAfter: new Date(now.getTime() - REMINDER_CATCH_UP_MS), startsBy: new Date(now.getTime() + REMINDER_LEAD_MS) }
}

/** What the session is now, as far as a message announcing `announcedStart` cares. */
export interface AnnouncedSession {
  status: string
  start: string
}

/**
 * Whether a message about the session starting at `announcedStart` may still go at `now`: null if
 * so, else why not (it is recorded as skipped). A reminder goes only before the start it names.
 */
export function reminderSkipReason(announcedStart: string, session: AnnouncedSession | null, now: Date): string | null {
  if (!session) return 'the session no longer exists'
  if (session.status !== 'Created') return `the session is ${session.status}`
  if (Date.parse(session.start) !== Date.parse(announcedStart)) return `the session moved from ${announcedStart} to ${session.start}`
  if (now.getTime() >= Date.parse(announcedStart)) return `the session had already started (${announcedStart}) when the reminder could go`
  return null
}
