import { CALCOM_SIGNATURE_HEADER, signCalcomBody } from '../../../../../shared/calcom/signature.ts'
import { describeError } from '../../errors.ts'

export interface WebhookTarget {
  /** calcom-webhook-handler's URL. */
  url: string
  secret: string
  fetch: typeof fetch
  timeoutMs?: number
}

export interface PostedWebhook {
  responseStatus: number | null
  /** Why it did not arrive: a network error, a timeout, or the answer's status and text. */
  error: string | null
}

/** POSTs one delivery's body signed as Cal.com signs it, once: Cal.com does not retry either. */
export async function postWebhook(target: WebhookTarget, body: string): Promise<PostedWebhook> {
  try {
    const response = await target.fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALCOM_SIGNATURE_HEADER]: await signCalcomBody(target.secret, body) },
      body,
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    })
    const text = await response.text()
    return { responseStatus: response.status, error: response.ok ? null : `answered ${response.status}: ${text.slice(0, 300)}` }
  } catch (error) {
    return { responseStatus: null, error: describeError(error) }
  }
}
