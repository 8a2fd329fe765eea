import { describe, expect, it } from 'vitest'
import { purchaseViewSchema, checkoutCreatedSchema } from '../../shared/api/checkout.ts'
import { DEVELOPMENT_SECRETS } from '../../shared/config/loadConfig.ts'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { runCli } from '../../scripts/cli/run.ts'
import { DEMO_MEMBER } from '../../scripts/db/seed.ts'
import { captureIo } from '../cli/support.ts'
import { eventually } from '../support/ports.ts'
import { signedStripeRequest } from '../support/stripe/stripeEvents.ts'
import { useLocalStack } from '../support/localStackForFile.ts'

const APP_URL = 'http://127.0.0.1:5173'

// The whole local payment path as `npm start` runs it: checkout, stripe-payment-confirm and the
// worker under real Deno (the Stripe SDK's Web Crypto signing and verification included), the
// local checkout page over HTTP, and a refund from the CLI.
describe('smoke: paying and refunding through the local checkout stand-in under Deno', () => {

  const local = useLocalStack(() => ({ APP_URL }))

  /** An access token as the local Auth stand-in issues them, for the seeded demo member's phone. */
  async function memberToken(): Promise<string> {
    const issuer = `${local.stack.config.auth.url}/auth/v1`
    const now = Math.floor(Date.now() / 1000)
    return signJwtHs256({ sub: 'smoke-user', aud: 'authenticated', iss: issuer, role: 'authenticated', phone: DEMO_MEMBER.phone.slice(1), iat: now, exp: now + 600 }, DEVELOPMENT_SECRETS.jwt)
  }

  it('checkout, the stand-in page, Pay, paid sessions, then refunds create marks them', async () => {
    const [host] = await local.sql<{ id: string }[]>`select id::text from hosts where status = 'Active' order by name limit 1`
    const headers = { authorization: `Bearer ${await memberToken()}`, origin: APP_URL, 'content-type': 'application/json' }
    const created = await fetch(`${local.stack.functionsUrl}/checkout`, { method: 'POST', headers, body: JSON.stringify({ hostId: host!.id, plan: 'weekly', amount: 1 }) })
    expect(created.status).toBe(200)
    const { purchaseId, url } = checkoutCreatedSchema.parse(await created.json())
    expect(url).toMatch(new RegExp(`^${new URL(local.stack.functionsUrl).origin}/local-stripe/checkout/cs_local_`))

    const page = await fetch(url)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('stand-in for Stripe')
    expect(html).toMatch(/AUD\s40\.00/)

    const paid = await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(`${APP_URL}/book?purchase=${purchaseId}`)

    const view = await eventually(async () => {
      const response = await fetch(`${local.stack.functionsUrl}/checkout?purchase=${purchaseId}`, { headers })
      const parsed = purchaseViewSchema.parse(await response.json())
      return parsed.status === 'paid' && parsed.sessions.length === 3 ? parsed : undefined
    }, 20_000, 'the paid purchase')
    expect(view.sessions.map((s) => s.creditStatus)).toEqual(['available', 'available', 'available'])
    // One payment confirmation, queued with the payment (test/messages covers its sending).
    expect(await local.sql`select 1 from outbox_jobs where kind = 'sms.send'`).toHaveLength(1)

    const io = captureIo()
    const code = await runCli(['refunds', 'create', purchaseId, '--unused-only'], { ...io, env: { ...local.env, DATABASE_URL: local.stack.databaseUrl }, fetch })
    expect(io.err()).toBe('')
    expect(code).toBe(0)
    expect(io.out.join('\n')).toMatch(/Refund re_local_\w+: AUD\s40\.00/)
    const refunded = await local.sql<{ credit: string }[]>`select credit_status as credit from paid_sessions order by position`
    expect(refunded.map((r) => r.credit)).toEqual(['refunded', 'refunded', 'refunded'])
    // The stand-in's refund events reached stripe-payment-confirm and were processed (changing nothing more).
    await eventually(async () => {
      const rows = await local.sql<{ status: string }[]>`select status from webhook_deliveries where event_type in ('charge.refunded', 'refund.updated')`
      return rows.length === 2 && rows.every((row) => row.status === 'processed')
    }, 20_000, 'the refund events')
  })

  it('refuses an unsigned or wrongly signed event with 400, writing nothing', async () => {
    const before = await local.sql<{ count: number }[]>`select count(*)::int as count from webhook_deliveries`
    const target = `${local.stack.functionsUrl}/stripe-payment-confirm`
    const body = JSON.stringify({ id: 'evt_smoke', object: 'event', type: 'checkout.session.completed', created: 1, data: { object: {} } })
    expect((await fetch(target, { method: 'POST', body })).status).toBe(400)
    const forged = await signedStripeRequest(body, { secret: 'whsec_not_ours', url: target })
    expect((await fetch(forged)).status).toBe(400)
    const after = await local.sql<{ count: number }[]>`select count(*)::int as count from webhook_deliveries`
    expect(after[0]!.count).toBe(before[0]!.count)
  })
})
