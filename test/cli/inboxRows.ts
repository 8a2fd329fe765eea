import { sha256Hex } from '../../shared/crypto/hmac.ts'
import type { DeliveryStatus, Provider } from '../../supabase/functions/_shared/inbox/inbox.ts'
import type { TestDatabase } from '../support/database.ts'

/**
 * Records a delivery straight into the inbox table, as a webhook function records one: for a
 * provider whose function does not exist yet, or to set up a state a test needs. Returns its id.
 */
export async function insertDelivery(
  db: TestDatabase,
  delivery: { provider: Provider; eventType: string; body: unknown; status?: DeliveryStatus },
): Promise<number> {
  const raw = JSON.stringify(delivery.body)
  const sha = await sha256Hex(raw)
  const [row] = await db.sql<{ id: number }[]>`
    insert into webhook_deliveries (provider, event_type, dedupe_key, body_sha256, raw_body, status)
    values (${delivery.provider}, ${delivery.eventType}, ${sha}, ${sha}, ${raw}, ${delivery.status ?? 'pending'})
    returning id::int as id`
  return row!.id
}
