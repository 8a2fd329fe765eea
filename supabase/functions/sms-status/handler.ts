import { TWILIO_SIGNATURE_HEADER, verifyTwilioSignature } from '../../../shared/messages/twilioSignature.ts'
import { sha256Hex } from '../../../shared/crypto/hmac.ts'
import { ForbiddenError } from '../_shared/errors.ts'
import { withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { readBodyWithLimit, requireMethod } from '../_shared/http/requestGuards.ts'
import type { Inbox } from '../_shared/inbox/inbox.ts'
import { TWILIO_EVENT_TYPES } from '../_shared/messages/twilio/twilioEvents.ts'
import type { Logger } from '../_shared/runtime/logger.ts'

export interface SmsStatusDeps {
  /** The account's auth token; undefined when Twilio is not configured (then nothing is accepted). */
  authToken: string | undefined
  /** This function's public URL, as Twilio calls it (Twilio signs the URL it called). */
  publicUrl: string
  inbox: Pick<Inbox, 'record'>
  wake: () => void
  log: Logger
}

/** An empty TwiML answer: Twilio sends no reply to an inbound message (its own STOP handling answers STOP). */
function twiml(): Response {
  return new Response('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } })
}

/**
 * Twilio's status callbacks (each message's delivery states) and inbound messages (STOP/START),
 * posted form-encoded: verify `X-Twilio-Signature`, record once, answer. The worker applies them.
 * A request whose signature does not match is refused with 403 and writes nothing.
 */
export function createSmsStatusHandler(deps: SmsStatusDeps): Handler {
  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    const raw = await readBodyWithLimit(req, 64 * 1024)
    const signature = req.headers.get(TWILIO_SIGNATURE_HEADER)
    if (!deps.authToken) throw new ForbiddenError('Twilio is not configured here', 'invalid_signature')
    if (!signature) throw new ForbiddenError(`Missing ${TWILIO_SIGNATURE_HEADER} header`, 'invalid_signature')
    const text = new TextDecoder().decode(raw)
    const params = new URLSearchParams(text)
    const url = deps.publicUrl + new URL(req.url).search
    if (!(await verifyTwilioSignature(deps.authToken, url, params, signature))) {
      throw new ForbiddenError(`${TWILIO_SIGNATURE_HEADER} does not match the URL and parameters`, 'invalid_signature')
    }
    const sid = params.get('MessageSid') ?? params.get('SmsSid')
    const status = params.get('MessageStatus') ?? params.get('SmsStatus')
    const inbound = params.has('Body') && params.has('From')
    const type = status && !inbound ? TWILIO_EVENT_TYPES.status : inbound ? TWILIO_EVENT_TYPES.inbound : null
    const bodySha256 = await sha256Hex(raw)
    await deps.inbox.record({
      provider: 'twilio',
      eventId: sid,
      eventType: type,
      // Twilio retries a callback it got no answer for; a message's sid and state make it the same delivery.
      dedupeKey: type === TWILIO_EVENT_TYPES.status ? `${sid}:${status}` : (sid ?? bodySha256),
      bodySha256,
      rawBody: text,
      signature,
      signatureStatus: 'verified',
      status: type && sid ? 'pending' : 'ignored',
      bookingId: null,
      lastError: type && sid ? null : 'neither a status callback nor an inbound message',
    })
    if (type && sid) deps.wake()
    return twiml()
  }, deps.log)
}
