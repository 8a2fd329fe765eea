import { checkoutCreatedSchema } from '../../shared/api/checkout.ts'
import { DEVELOPMENT_SECRETS } from '../../shared/config/loadConfig.ts'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { DEFAULT_TEMPLATES, DEMO_MEMBER } from '../../scripts/db/seed.ts'
import type { LocalStack } from '../../scripts/stack/localStack.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { eventually } from '../support/ports.ts'

export const MEMBER_PHONE = '+61400000009'
export const APP_URL = 'https://presence.test'

/** A member, a host, the seed's templates and a paid Weekly purchase, in the Postgres store. */
export async function seedPaidPurchase(sql: Sql, member: { phone?: string | null; name?: string; timeZone?: string } = {}) {
  for (const [name, body] of Object.entries(DEFAULT_TEMPLATES)) {
    await sql`insert into templates (name, body) values (${name}, ${body}) on conflict (name) do update set body = excluded.body`
  }
  const [host] = await sql<{ id: string }[]>`
    insert into hosts (name, email, phone, time_zone) values ('Jane Rivers', ${`jane-${crypto.randomUUID()}@presence.example`}, '+61400000001', 'Australia/Sydney') returning id::text`
  const [row] = await sql<{ id: string }[]>`
    insert into members (name, email, phone, time_zone)
    values (${member.name ?? 'Max Member'}, 'max@presence.example', ${member.phone === undefined ? MEMBER_PHONE : member.phone}, ${member.timeZone ?? 'Australia/Sydney'})
    returning id::text`
  const [purchase] = await sql<{ id: string }[]>`
    insert into purchases (member_id, host_id, member_name, host_name, plan, amount_cents, payment_status, checkout_session_id, paid_at)
    values (${row!.id}, ${host!.id}, 'Max Member', 'Jane Rivers', 'weekly', 4000, 'paid', ${`cs_test_${crypto.randomUUID()}`}, now())
    returning id::text`
  return { memberId: row!.id, hostId: host!.id, purchaseId: purchase!.id }
}

/** Signs in as the seeded demo member (the local Auth stand-in's token), buys a plan and pays on the local checkout page. */
export async function payThroughLocalCheckout(stack: LocalStack, sql: Sql, plan: 'adhoc' | 'weekly' = 'adhoc') {
  const issuer = `${stack.config.auth.url}/auth/v1`
  const now = Math.floor(Date.now() / 1000)
  const token = await signJwtHs256({ sub: 'sms-smoke', aud: 'authenticated', iss: issuer, role: 'authenticated', phone: DEMO_MEMBER.phone.slice(1), iat: now, exp: now + 600 }, DEVELOPMENT_SECRETS.jwt)
  const [host] = await sql<{ id: string; name: string }[]>`select id::text, name from hosts where status = 'Active' order by name limit 1`
  const headers = { authorization: `Bearer ${token}`, origin: stack.config.appUrl, 'content-type': 'application/json' }
  const created = await fetch(`${stack.functionsUrl}/checkout`, { method: 'POST', headers, body: JSON.stringify({ hostId: host!.id, plan }) })
  if (created.status !== 200) throw new Error(`checkout answered ${created.status}: ${await created.text()}`)
  const { purchaseId, url } = checkoutCreatedSchema.parse(await created.json())
  const paid = await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' })
  if (paid.status !== 303) throw new Error(`the local checkout's Pay answered ${paid.status}`)
  return { purchaseId, host: host! }
}

/** The payment confirmation's row once it reaches `status`. */
export function confirmationRow(sql: Sql, status: string) {
  return eventually(async () => {
    const [message] = await sql<{ jobKey: string; status: string; body: string; to: string; sid: string | null; deliveryStatus: string | null }[]>`
      select job_key as "jobKey", status, body, to_phone as to, provider_sid as sid, delivery_status as "deliveryStatus"
      from sms_messages where message = 'payment-confirmation'`
    return message?.status === status ? message : undefined
  }, 30_000, `the payment confirmation ${status}`)
}
