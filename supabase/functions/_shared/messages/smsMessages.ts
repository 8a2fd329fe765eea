import type { Sql } from '../db/connect.ts'

export const SMS_STATUSES = ['pending', 'sending', 'sent', 'logged', 'skipped', 'failed'] as const
export type SmsStatus = (typeof SMS_STATUSES)[number]

export interface SmsMessageRow {
  jobKey: string
  message: string
  recipientRole: 'member' | 'host'
  recipientId: string
  toPhone: string | null
  body: string | null
  status: SmsStatus
  providerSid: string | null
  sendingSince: Date | null
  errorCode: string | null
  error: string | null
  deliveryStatus: string | null
  deliveryErrorCode: string | null
  sentAt: Date | null
  createdAt: Date
  updatedAt: Date
}

/** Who a message row is for, fixed when it is first written. */
export interface SmsIdentity {
  jobKey: string
  message: string
  recipientRole: 'member' | 'host'
  recipientId: string
}

/**
 * Twilio's delivery states in the order a message passes through them. A callback moves a row
 * only to a later state, so one that arrives late (Twilio does not order them) changes nothing.
 */
const DELIVERY_ORDER: Record<string, number> = {
  accepted: 0, scheduled: 0, queued: 1, sending: 2, sent: 3, delivered: 4, undelivered: 4, failed: 4, canceled: 4, read: 5,
}

export function deliveryRank(status: string): number | undefined {
  return DELIVERY_ORDER[status]
}

const columns = (sql: Sql) => sql`
  job_key as "jobKey", message, recipient_role as "recipientRole", recipient_id as "recipientId", to_phone as "toPhone", body, status,
  provider_sid as "providerSid", sending_since as "sendingSince", error_code as "errorCode", error, delivery_status as "deliveryStatus",
  delivery_error_code as "deliveryErrorCode", sent_at as "sentAt", created_at as "createdAt", updated_at as "updatedAt"`

/** The `sms_messages` rows (one per sms.send job) and the `sms_opt_outs` numbers. */
export function createSmsMessages(sql: Sql) {
  /** Writes the row's new state, creating it the first time. */
  async function put(identity: SmsIdentity, state: Partial<Record<'to_phone' | 'body' | 'status' | 'provider_sid' | 'error_code' | 'error' | 'delivery_status', string | null>> & { status: SmsStatus; sending_since?: Date | null; sent_at?: Date | null }) {
    const row = { job_key: identity.jobKey, message: identity.message, recipient_role: identity.recipientRole, recipient_id: identity.recipientId, ...state }
    const keys = Object.keys(state) as (keyof typeof state)[]
    await sql`
      insert into sms_messages ${sql(row)}
      on conflict (job_key) do update set ${sql(Object.fromEntries(keys.map((key) => [key, row[key] ?? null])))}, updated_at = now()`
  }

  return {
    async get(jobKey: string): Promise<SmsMessageRow | null> {
      const [row] = await sql<SmsMessageRow[]>`select ${columns(sql)} from sms_messages where job_key = ${jobKey}`
      return row ?? null
    },

    /** Written before the call: a retry that finds it so asks the provider whether the call went through. */
    markSending: (identity: SmsIdentity, toPhone: string, body: string, since: Date) =>
      put(identity, { status: 'sending', to_phone: toPhone, body, sending_since: since, error: null, error_code: null }),

    markSent: (identity: SmsIdentity, status: 'sent' | 'logged', sid: string, deliveryStatus: string) =>
      put(identity, { status, provider_sid: sid, delivery_status: status === 'sent' ? deliveryStatus : null, sent_at: new Date(), sending_since: null }),

    /** The provider refused the call (a 429, say): nothing went out, the next attempt sends. */
    markRefused: (identity: SmsIdentity, error: string, code: string | null) => put(identity, { status: 'pending', error, error_code: code, sending_since: null }),

    /** The call's outcome is unknown (a timeout, a 5xx): the row stays `sending`, with why. */
    markInDoubt: (identity: SmsIdentity, error: string) => put(identity, { status: 'sending', error }),

    markFailed: (identity: SmsIdentity, error: string, code: string | null, content: { toPhone?: string | null; body?: string | null } = {}) =>
      put(identity, { status: 'failed', error, error_code: code, sending_since: null, ...(content.toPhone !== undefined ? { to_phone: content.toPhone } : {}), ...(content.body !== undefined ? { body: content.body } : {}) }),

    markSkipped: (identity: SmsIdentity, toPhone: string, reason: string) => put(identity, { status: 'skipped', to_phone: toPhone, error: reason, sending_since: null }),

    /**
     * Records a status callback on the message with this Twilio sid, if it moves it forward.
     * `null` when no row has the sid (yet: the callback can beat the send's own answer).
     */
    async recordDelivery(sid: string, status: string, errorCode: string | null): Promise<'moved' | 'unchanged' | null> {
      const rank = deliveryRank(status)
      const earlier = rank === undefined ? [] : Object.keys(DELIVERY_ORDER).filter((state) => DELIVERY_ORDER[state]! < rank)
      // One statement: two callbacks processed at once cannot both win.
      const moved = await sql`
        update sms_messages set delivery_status = ${status}, delivery_error_code = ${errorCode}, delivery_updated_at = now(), updated_at = now()
        where provider_sid = ${sid} and ${rank !== undefined} and (delivery_status is null or delivery_status = any(${earlier}::text[]))
        returning job_key`
      if (moved.length > 0) return 'moved'
      const [known] = await sql`select 1 from sms_messages where provider_sid = ${sid}`
      return known ? 'unchanged' : null
    },

    async isOptedOut(phone: string): Promise<boolean> {
      const [row] = await sql<{ optedOut: boolean }[]>`select opted_out as "optedOut" from sms_opt_outs where phone = ${phone}`
      return row?.optedOut ?? false
    },

    /** Records a STOP or START (or Twilio's 21610); a reply older than the one recorded changes nothing. */
    async recordOptOut(phone: string, optedOut: boolean, at: Date, reason: string): Promise<void> {
      await sql`
        insert into sms_opt_outs (phone, opted_out, changed_at, reason) values (${phone}, ${optedOut}, ${at}, ${reason})
        on conflict (phone) do update set opted_out = excluded.opted_out, changed_at = excluded.changed_at, reason = excluded.reason
        where sms_opt_outs.changed_at <= excluded.changed_at`
    },
  }
}

export type SmsMessages = ReturnType<typeof createSmsMessages>
