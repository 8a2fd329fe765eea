import Stripe from 'stripe'

export interface StripeClientOptions {
  secretKey: string
  /** STRIPE_API_URL: Stripe itself, or a stand-in in tests and staging. */
  apiUrl: string
  fetch?: typeof fetch
  timeoutMs: number
}

/**
 * The Stripe SDK on fetch, so one client runs under Deno and Node alike. One attempt per call
 * (`maxNetworkRetries: 0`): the caller's retry policy decides whether and when to try again.
 */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const api = new URL(options.apiUrl)
  const protocol = api.protocol === 'http:' ? 'http' : 'https'
  // Looked up per call so test interceptors installed after the client is made still see the requests.
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  return new Stripe(options.secretKey, {
    httpClient: Stripe.createFetchHttpClient(fetchImpl),
    host: api.hostname,
    port: api.port || (protocol === 'http' ? '80' : '443'),
    protocol,
    maxNetworkRetries: 0,
    timeout: options.timeoutMs,
    telemetry: false,
  })
}
