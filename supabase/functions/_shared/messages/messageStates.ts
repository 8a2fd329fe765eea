import { messageRecordFields, type MessageFacts, type MessageRecordFields, type MessageState } from '../../../../shared/messages/messageRecord.ts'
import type { Queryable, Sql } from '../db/connect.ts'
import type { JobStatus } from '../outbox/outbox.ts'
import { MESSAGE_JOB_KINDS } from '../jobs/messageJobs.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One message as operators see it: its `sms.send` job and, once the job has run, its `sms_messages` row. */
export interface MessageView extends MessageFacts {
  jobId: number
  jobKey: string
  recipientId: string | null
  /** The session it is about (`payload.sessionId`), if any. */
  sessionId: string | null
  toPhone: string | null
  jobStatus: JobStatus
  attempts: number
  nextAttemptAt: Date
  /** The job's last error (a refusal, quiet hours, a permanent error), or the row's. */
  error: string | null
  providerSid: string | null
  updatedAt: Date
}

/**
 * The one place a message's state is derived: a failed job is failed whatever its row says (out of
 * attempts while in doubt, too); otherwise the row's outcome; no row yet, or a refused call whose
 * retry is due, is queued.
 */
const stateOf = (sql: Queryable) => sql`
  case
    when j.status = 'failed' then 'failed'
    when m.status in ('sent', 'logged', 'skipped', 'failed') then m.status
    when m.status = 'sending' then 'sending'
    else 'queued'
  end`

const columns = (sql: Queryable) => sql`
  j.id::int as "jobId", j.idempotency_key as "jobKey", coalesce(m.message, j.payload ->> 'message') as message,
  coalesce(m.recipient_role, j.payload -> 'to' ->> 'role') as "recipientRole",
  coalesce(m.recipient_id, j.payload -> 'to' ->> 'memberId', j.payload -> 'to' ->> 'hostId') as "recipientId",
  j.payload ->> 'sessionId' as "sessionId", m.to_phone as "toPhone", ${stateOf(sql)} as state,
  j.status as "jobStatus", j.attempts, j.next_attempt_at as "nextAttemptAt", coalesce(j.last_error, m.error) as error,
  m.error_code as "errorCode", m.delivery_status as "deliveryStatus", m.delivery_error_code as "deliveryErrorCode",
  m.provider_sid as "providerSid", j.created_at as "createdAt", m.sent_at as "sentAt", greatest(j.updated_at, m.updated_at) as "updatedAt"`

export interface MessageFilter {
  state?: MessageState
  /** Only messages about these sessions. */
  sessionIds?: string[]
  limit?: number
}

/** Messages read across the outbox and `sms_messages`, for the CLI and the record's SMS fields. */
export function createMessageStates(sql: Sql) {
  const kind = MESSAGE_JOB_KINDS.sms

  /** The booking sessions behind a record: the id itself, and every booking that used it as its paid session. */
  async function sessionsOfRecord(recordId: string): Promise<string[]> {
    if (!UUID.test(recordId)) return [recordId]
    const rows = await sql<{ id: string }[]>`select id::text from sessions where paid_session_id = ${recordId}::uuid`
    return [recordId, ...rows.map((row) => row.id)]
  }

  async function list(filter: MessageFilter = {}): Promise<MessageView[]> {
    const sessions = filter.sessionIds ?? null
    return sql<MessageView[]>`
      select ${columns(sql)} from outbox_jobs j left join sms_messages m on m.job_key = j.idempotency_key
      where j.kind = ${kind}
        and (${sessions}::text[] is null or (j.payload ->> 'sessionId') = any(${sessions}::text[]))
        and (${filter.state ?? null}::text is null or ${stateOf(sql)} = ${filter.state ?? null})
      order by j.created_at desc, j.id desc
      limit ${filter.limit ?? 50}`
  }

  return {
    list,
    sessionsOfRecord,

    async get(jobId: number): Promise<MessageView | null> {
      const [row] = await sql<MessageView[]>`
        select ${columns(sql)} from outbox_jobs j left join sms_messages m on m.job_key = j.idempotency_key
        where j.kind = ${kind} and j.id = ${jobId}`
      return row ?? null
    },

    /** The record's SMS fields for the record with this `Session ID` (a paid session's or a booking's). */
    async recordFields(recordId: string): Promise<MessageRecordFields> {
      const sessionIds = await sessionsOfRecord(recordId)
      const messages = await sql<MessageFacts[]>`
        select coalesce(m.message, j.payload ->> 'message') as message, coalesce(m.recipient_role, j.payload -> 'to' ->> 'role') as "recipientRole",
          ${stateOf(sql)} as state, m.delivery_status as "deliveryStatus", m.error_code as "errorCode",
          m.delivery_error_code as "deliveryErrorCode", j.created_at as "createdAt", m.sent_at as "sentAt"
        from outbox_jobs j left join sms_messages m on m.job_key = j.idempotency_key
        where j.kind = ${kind} and (j.payload ->> 'sessionId') = any(${sessionIds}::text[])`
      return messageRecordFields(messages)
    },

    /**
     * The id of the record that shows the messages about a session or paid session (by its id, or
     * by a sent message's Twilio sid): a booking on a paid session is shown on the paid session's.
     */
    async recordIdOf(by: { sessionId: string } | { sid: string }): Promise<string | null> {
      const [row] =
        'sessionId' in by
          ? await sql<{ id: string }[]>`
              select coalesce((select paid_session_id::text from sessions where id = ${by.sessionId}::uuid), ${by.sessionId}) as id`
          : await sql<{ id: string | null }[]>`
              select coalesce(s.paid_session_id::text, j.payload ->> 'sessionId') as id
              from sms_messages m join outbox_jobs j on j.idempotency_key = m.job_key
              left join sessions s on s.id = (j.payload ->> 'sessionId')::uuid
              where m.provider_sid = ${by.sid}`
      return row?.id ?? null
    },
  }
}

export type MessageStates = ReturnType<typeof createMessageStates>
