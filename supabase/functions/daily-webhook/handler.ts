import { dailyEnvelopeSchema, isDailyEventType, isVerificationRequest } from '../../../shared/attendance/dailyEvents.ts'
import { DAILY_SIGNATURE_HEADER, DAILY_TIMESTAMP_HEADER, timestampProblem, verifyDailySignature } from '../../../shared/attendance/dailySignature.ts'
import { sha256Hex } from '../../../shared/crypto/hmac.ts'
import { ForbiddenError } from '../_shared/errors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { readBodyWithLimit, requireMethod } from '../_shared/http/requestGuards.ts'
import type { Inbox } from '../_shared/inbox/inbox.ts'
import { jsonOf } from '../_shared/inbox/rawBody.ts'
import type { Logger } from '../_shared/runtime/logger.ts'

export interface DailyWebhookDeps {
  /** DAILY_WEBHOOK_SECRET (base64, as Daily gives it); undefined when not configured (then no event is accepted). */
  secret: string | undefined
  inbox: Pick<Inbox, 'record'>
  wake: () => void
  log: Logger
  now?: () => Date
}

const MAX_BODY_BYTES = 256 * 1024

/**
 * Daily's webhooks: Daily's check when the webhook is created gets a quick 200 and is recorded
 * nowhere; every event must carry a valid `X-Webhook-Signature` over `X-Webhook-Timestamp + "." +
 * body` (else 403, nothing written), and is recorded once per event `id`, then answered. The
 * worker's `daily` processor does the rest.
 */
export function createDailyWebhookHandler(deps: DailyWebhookDeps): Handler {
  const now = deps.now ?? (() => new Date())
  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    const raw = await readBodyWithLimit(req, MAX_BODY_BYTES)
    const text = new TextDecoder().decode(raw)
    const body = jsonOf(text)
    if (isVerificationRequest(body)) return json(200, { ok: true })

    const signature = req.headers.get(DAILY_SIGNATURE_HEADER)
    const timestamp = req.headers.get(DAILY_TIMESTAMP_HEADER)
    if (!deps.secret) throw new ForbiddenError('Daily webhooks are not configured here (DAILY_WEBHOOK_SECRET)', 'invalid_signature')
    if (!signature || !timestamp) throw new ForbiddenError(`Missing ${DAILY_SIGNATURE_HEADER} or ${DAILY_TIMESTAMP_HEADER} header`, 'invalid_signature')
    const stale = timestampProblem(timestamp, now())
    if (stale) throw new ForbiddenError(stale, 'invalid_signature')
    if (!(await verifyDailySignature(deps.secret, timestamp, raw, signature))) {
      throw new ForbiddenError(`${DAILY_SIGNATURE_HEADER} does not match the timestamp and body`, 'invalid_signature')
    }

    const envelope = dailyEnvelopeSchema.safeParse(body)
    const bodySha256 = await sha256Hex(raw)
    const usable = envelope.success && isDailyEventType(envelope.data.type)
    const recorded = await deps.inbox.record({
      provider: 'daily',
      eventId: envelope.success ? envelope.data.id : null,
      eventType: envelope.success ? envelope.data.type : null,
      // Daily resends a delivery it got no 200 for with the same event id.
      dedupeKey: envelope.success ? envelope.data.id : bodySha256,
      bodySha256,
      rawBody: text,
      signature,
      signatureStatus: 'verified',
      status: usable ? 'pending' : 'ignored',
      bookingId: null,
      lastError: usable ? null : envelope.success ? `attendance does not use ${envelope.data.type}` : 'not a Daily event envelope',
    })
    if (usable && !recorded.duplicate) deps.wake()
    return json(200, { received: true, duplicate: recorded.duplicate })
  }, deps.log)
}
