import type { DeliveryStatus, Inbox, Provider } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { EXIT, type Print } from './io.ts'
import { formatTable, formatTime, printable, truncate } from './text.ts'

export interface ListOptions {
  status?: DeliveryStatus
  provider?: Provider
  limit: number
  json: boolean
}

/** `presence events list`: the newest deliveries in the inbox, as a table or as JSON. */
export async function listEvents(inbox: Pick<Inbox, 'list'>, options: ListOptions, print: Print): Promise<number> {
  const deliveries = await inbox.list({ status: options.status, provider: options.provider, limit: options.limit })
  if (options.json) {
    print(JSON.stringify(deliveries.map(({ rawBody: _rawBody, ...delivery }) => delivery), null, 2))
    return EXIT.ok
  }
  if (deliveries.length === 0) {
    const filtered = [options.status, options.provider].filter(Boolean).join(' ')
    print(filtered ? `No ${filtered} deliveries.` : 'No deliveries recorded yet.')
    return EXIT.ok
  }
  const rows = deliveries.map((d) => [
    String(d.id),
    formatTime(d.receivedAt),
    d.provider,
    printable(d.eventType ?? '-'),
    d.bookingId === null ? '-' : truncate(printable(d.bookingId), 24),
    d.status,
    String(d.attempts),
    d.lastError === null ? '' : truncate(printable(d.lastError), 60),
  ])
  for (const line of formatTable(['ID', 'RECEIVED (UTC)', 'PROVIDER', 'TYPE', 'BOOKING ID', 'STATUS', 'ATTEMPTS', 'LAST ERROR'], rows)) {
    print(line)
  }
  if (deliveries.length === options.limit) print(`(the newest ${options.limit}; pass --limit N for more)`)
  return EXIT.ok
}
