import { z } from 'zod'
import type { Sql } from '../db/connect.ts'
import { MESSAGE_JOB_KINDS } from '../jobs/messageJobs.ts'
import type { PlaceholderValues, ValuesFor } from '../messages/messageValues.ts'
import type { JobRequest } from '../outbox/outbox.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** "Post-Session Thank You" to the member of a completed session they attended: once per session. */
export function thankYouSms(sessionId: string, memberId: string): JobRequest {
  return {
    kind: MESSAGE_JOB_KINDS.sms,
    key: `sms:post-session-thank-you:${sessionId}:member`,
    payload: { message: 'post-session-thank-you', sessionId, to: { role: 'member', memberId } },
    runs: 'once',
  }
}

/** Its placeholders: the names on the session, and the host's plans page to book them again. */
export function createThankYouValues(deps: { sql: Sql; appUrl: string }): ValuesFor {
  return async (payload, recipient): Promise<PlaceholderValues> => {
    const { sessionId } = z.object({ sessionId: z.string().regex(UUID, 'must be a session id') }).parse(payload)
    const [row] = await deps.sql<{ memberName: string | null; hostName: string | null; hostId: string | null }[]>`
      select state ->> 'memberName' as "memberName", state ->> 'hostName' as "hostName", state ->> 'hostId' as "hostId"
      from sessions where id = ${sessionId}`
    if (!row) return {}
    return {
      memberName: row.memberName,
      hostName: row.hostName,
      recipientName: recipient.name ?? row.memberName,
      rebookUrl: row.hostId ? new URL(`/plans?${new URLSearchParams({ host: row.hostId })}`, deps.appUrl).toString() : null,
    }
  }
}
