import { CALCOM_SIGNATURE_HEADER, verifyCalcomSignature } from '../../../shared/calcom/signature.ts'
import { notHandledReason, parseCalcomDelivery, type ParsedDelivery } from '../../../shared/calcom/payload.ts'
import { sha256Hex } from '../../../shared/crypto/hmac.ts'
import { UnauthorizedError } from '../_shared/errors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { ONE_MIB, parseJsonBody, readBodyWithLimit, requireMethod } from '../_shared/http/requestGuards.ts'
import type { DeliveryStatus, Inbox, RecordedDelivery } from '../_shared/inbox/inbox.ts'
import type { Logger } from '../_shared/runtime/logger.ts'

export interface CalcomWebhookDeps {
  secret: string
  inbox: Pick<Inbox, 'record' | 'requeue'>
  /** Tells the worker there is work; never waits for it. */
  wake: () => void
  log: Logger
}

const INBOX_STATUS: Record<ParsedDelivery['kind'], DeliveryStatus> = { event: 'pending', ignored: 'ignored', invalid: 'failed' }

/**
 * Cal.com sends each webhook once and never retries, so the delivery is written to the inbox
 * before anything else and answered at once; the worker does the work.
 */
export function createCalcomWebhookHandler(deps: CalcomWebhookDeps): Handler {
  const dispatch: Record<ParsedDelivery['kind'], (recorded: RecordedDelivery, parsed: ParsedDelivery) => Response> = {
    event: (recorded) => {
      // A resend of a delivery that has not succeeded yet is a request to try it again now.
      const work = !recorded.duplicate || recorded.status !== 'processed'
      if (work) deps.wake()
      return json(200, { status: recorded.duplicate ? 'duplicate' : 'accepted', deliveryId: recorded.id, processing: work })
    },
    ignored: (recorded, parsed) =>
      json(200, { status: 'ignored', deliveryId: recorded.id, trigger: parsed.kind === 'ignored' ? parsed.trigger : null }),
    invalid: (recorded, parsed) =>
      json(422, { error: 'invalid_payload', message: parsed.kind === 'invalid' ? parsed.reason : 'invalid payload', deliveryId: recorded.id }),
  }

  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    const raw = await readBodyWithLimit(req, ONE_MIB)
    const signature = req.headers.get(CALCOM_SIGNATURE_HEADER)
    if (!(await verifyCalcomSignature(deps.secret, raw, signature))) {
      throw new UnauthorizedError('Missing or invalid X-Cal-Signature-256')
    }
    const parsed = parseCalcomDelivery(parseJsonBody(raw))
    const bodySha256 = await sha256Hex(raw)
    const recorded = await deps.inbox.record({
      provider: 'calcom',
      // Cal.com deliveries carry no event id: the same body twice is the same delivery.
      eventId: null,
      dedupeKey: bodySha256,
      eventType: parsed.kind === 'event' ? parsed.event.trigger : parsed.trigger,
      bodySha256,
      rawBody: new TextDecoder().decode(raw),
      signature,
      signatureStatus: 'verified',
      status: INBOX_STATUS[parsed.kind],
      bookingId: parsed.kind === 'event' ? parsed.event.bookingId : null,
      lastError: parsed.kind === 'invalid' ? parsed.reason : parsed.kind === 'ignored' ? notHandledReason(parsed.trigger) : null,
    })
    if (recorded.duplicate && parsed.kind === 'event' && recorded.status === 'failed') await deps.inbox.requeue([recorded.id])
    return dispatch[parsed.kind](recorded, parsed)
  }, deps.log)
}
