import type { Delivery, Inbox, Provider } from '../../supabase/functions/_shared/inbox/inbox.ts'
import type { Print } from './io.ts'
import { printable, truncate } from './text.ts'

/**
 * The delivery an operator named, or null after saying why not. `provider`, when given, must be
 * the delivery's: a mistyped id must not act on another provider's delivery.
 */
export async function findDelivery(inbox: Pick<Inbox, 'get'>, id: number, provider: Provider | undefined, print: Print): Promise<Delivery | null> {
  const delivery = await inbox.get(id)
  if (!delivery) {
    print(`No delivery with id ${id}. List them with: npm run presence -- events list`)
    return null
  }
  if (provider && delivery.provider !== provider) {
    print(`Delivery ${id} came from ${delivery.provider}, not ${provider}.`)
    return null
  }
  return delivery
}

/** How a delivery is named in outcome lines: its provider, its type and its booking. */
export function deliverySubject(delivery: Delivery): string {
  const booking = delivery.bookingId === null ? '' : ` ${truncate(printable(delivery.bookingId), 40)}`
  return `Delivery ${delivery.id} (${delivery.provider} ${printable(delivery.eventType ?? 'unknown type')}${booking})`
}
