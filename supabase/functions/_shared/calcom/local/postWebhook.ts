import { CALCOM_SIGNATURE_HEADER, signCalcomBody } from '../../../../../shared/calcom/signature.ts'
import { describeError } from '../../errors.ts'
import type { CalcomEnvelope } from './webhookPayloads.ts'

export interface WebhookTarget {
  /** calcom-webhook-handler's URL. */
  url: string
  secret: string
  fetch: typeof fetch
  timeoutMs?: number
}

export interface PostedWebhook {
  body: string
  responseStatus: number | null
  /** Why it did not arrive: a network error, a timeout, or the answer's status and text. */
  error: string | null
}

/** POSTs one delivery signed as Cal.com signs it, once: Cal.com does not retry either. */
export async function postWebhook(target: WebhookTarget, envelope: CalcomEnvelope): Promise<PostedWebhook> {
  const body = JSON.stringify(envelope)
  try {
    const response = await target.fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALCOM_SIGNATURE_HEADER]: await signCalcomBody(target.secret, body) },
      body,
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    })
    const text = await response.text()
    return { body, responseStatus: response.status, error: response.ok ? null : `answered ${response.status}: ${text.slice(0, 300)}` }
  } catch (error) {
    return { body, responseStatus: null, error: describeError(error) }
  }
}
