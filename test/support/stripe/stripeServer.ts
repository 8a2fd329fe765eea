import { serveHandlers } from '../handlerServer.ts'
import { createFakeStripe, type FakeStripe } from './stripeHandlers.ts'

/** The Stripe stand-in on a real HTTP port, answering whatever `STRIPE_API_URL` points here. */
export async function startStripeServer(options: { secretKey: string }): Promise<{ url: string; stripe: FakeStripe; close(): Promise<void> }> {
  const served = await serveHandlers(
    (origin) => createFakeStripe({ ...options, apiUrl: origin }),
    () => Response.json({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } }, { status: 404 }),
  )
  return { url: served.origin, stripe: served.stand, close: served.close }
}
