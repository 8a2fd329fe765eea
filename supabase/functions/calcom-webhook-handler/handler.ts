import { CALCOM_SIGNATURE_HEADER, verifyCalcomSignature } from '../../../shared/calcom/signature.ts'
import { parseCalcomDelivery, type ParsedDelivery } from '../../../shared/calcom/payload.ts'
import { sha256Hex } from '../../../shared/crypto/hmac.ts'
import { UnauthorizedError } from '../_shared/errors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { ONE_MIB, parseJsonBody, readBodyWithLimit, requireMethod } from '../_shared/http/requestGuards.ts'
import type { DeliveryLedger, DeliveryStatus } from '../_shared/ledger/deliveries.ts'
import type { Logger } from '../_shared/runtime/logger.ts'

export interface CalcomWebhookDeps {
  secret: string
  ledger: DeliveryLedger
  /** Acts on a recorded delivery; runs after the response is sent. */
  process: (deliveryId: number) => Promise<unknown>
  waitUntil: (work: Promise<unknown>) => void
  log: Logger
}

type Recorded = { duplicate: boolean; status: DeliveryStatus }

const LEDGER_STATUS: Record<ParsedDelivery['kind'], DeliveryStatus> = { event: 'pending', ignored: 'ignored', invalid: 'failed' }

/**
 * Cal.com never retries, so the delivery is written to the ledger before anything else acts on
 * it and the answer goes back at once; the work runs after the response, and the retry sweep
 * finishes it if this process dies first.
 */
export function createCalcomWebhookHandler(deps: CalcomWebhookDeps): Handler {
  const dispatch: Record<ParsedDelivery['kind'], (id: number, parsed: ParsedDelivery, recorded: Recorded) => Response> = {
    event: (id, _parsed, recorded) => {
      // A resend of a delivery that has not succeeded yet is a request to try it again now.
      const work = !recorded.duplicate || recorded.status !== 'processed'
      if (work) deps.waitUntil(deps.process(id))
      return json(200, { status: recorded.duplicate ? 'duplicate' : 'accepted', deliveryId: id, processing: work })
    },
    ignored: (id, parsed) => json(200, { status: 'ignored', deliveryId: id, trigger: parsed.kind === 'ignored' ? parsed.trigger : null }),
    invalid: (id, parsed) =>
      json(422, { error: 'invalid_payload', message: parsed.kind === 'invalid' ? parsed.reason : 'invalid payload', deliveryId: id }),
  }

  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    const raw = await readBodyWithLimit(req, ONE_MIB)
    const signature = req.headers.get(CALCOM_SIGNATURE_HEADER)
    if (!(await verifyCalcomSignature(deps.secret, raw, signature))) {
      throw new UnauthorizedError('Missing or invalid X-Cal-Signature-256')
    }
    const parsed = parseCalcomDelivery(parseJsonBody(raw))
    const recorded = await deps.ledger.record({
      provider: 'calcom',
      eventType: parsed.kind === 'invalid' ? parsed.trigger : parsed.kind === 'event' ? parsed.event.trigger : parsed.trigger,
      bodySha256: await sha256Hex(raw),
      rawBody: new TextDecoder().decode(raw),
      signature,
      status: LEDGER_STATUS[parsed.kind],
      bookingUid: parsed.kind === 'event' ? parsed.event.uid : null,
      lastError: parsed.kind === 'invalid' ? parsed.reason : null,
    })
    if (recorded.duplicate && parsed.kind === 'event' && recorded.status === 'failed') await deps.ledger.requeue([recorded.id])
    return dispatch[parsed.kind](recorded.id, parsed, recorded)
  }, deps.log)
}
