/**
 * The "Inactive 48h Reminder": a member whose last completed session ended this long ago and who
 * has nothing booked since is nudged once for that gap (the gap is named by that session).
 */
export const INACTIVE_AFTER_MS = 48 * 3600_000

/**
 * Gaps older than this are not nudged: a tick that was off for days catches up on the last week,
 * and turning the scheduler on does not message every member who ever lapsed.
 */
export const INACTIVE_CATCH_UP_MS = 7 * 24 * 3600_000

/** The last completed sessions' end times a tick at `now` looks at: 48 hours old, at most a week past that. */
export function inactivityWindow(now: Date): { endedAfter: Date; endedBy: Date } {
  const endedBy = new Date(now.getTime() - INACTIVE_AFTER_MS)
  return { endedAfter: new Date(endedBy.getTime() - INACTIVE_CATCH_UP_MS), endedBy }
}
