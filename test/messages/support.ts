import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { DEFAULT_TEMPLATES } from '../../scripts/db/seed.ts'

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
