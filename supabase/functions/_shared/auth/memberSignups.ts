import type { Sql } from '../db/connect.ts'

/** Long enough for one Airtable create (10 s timeout) and its rate-limit slot. */
const CLAIM_MS = 30_000

export type SignupClaim = { claimed: true } | { claimed: false; memberId: string | null }

/**
 * Claims the phone for creating its Members record: one atomic upsert, so of two requests at once
 * exactly one gets it. A claim that expired without a member (its request crashed) can be taken.
 */
export async function claimSignup(sql: Sql, phone: string, now: Date): Promise<SignupClaim> {
  const until = new Date(now.getTime() + CLAIM_MS)
  const [taken] = await sql<{ phone: string }[]>`
    insert into member_signups (phone, claimed_until) values (${phone}, ${until})
    on conflict (phone) do update set claimed_until = excluded.claimed_until
    where member_signups.member_id is null and member_signups.claimed_until <= ${now}
    returning phone`
  if (taken) return { claimed: true }
  const [row] = await sql<{ member_id: string | null }[]>`select member_id from member_signups where phone = ${phone}`
  return { claimed: false, memberId: row?.member_id ?? null }
}

export async function completeSignup(sql: Sql, phone: string, memberId: string): Promise<void> {
  await sql`update member_signups set member_id = ${memberId} where phone = ${phone}`
}

/** The create failed: free the phone at once so the member's retry is not held for the claim's life. */
export async function releaseSignup(sql: Sql, phone: string): Promise<void> {
  await sql`delete from member_signups where phone = ${phone} and member_id is null`
}
