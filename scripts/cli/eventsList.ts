import type { DeliveryStatus } from '../../supabase/functions/_shared/ledger/deliveries.ts'
import type { AppContext } from '../../supabase/functions/_shared/runtime/appContext.ts'
import { EXIT, type Print } from './io.ts'
import { formatTable, formatTime, printable, truncate } from './text.ts'

export interface ListOptions {
  status?: DeliveryStatus
  limit: number
  json: boolean
}

/** `presence events list`: the newest deliveries in the ledger, as a table or as JSON. */
export async function listEvents(ctx: AppContext, options: ListOptions, print: Print): Promise<number> {
  const deliveries = await ctx.ledger.list({ status: options.status, limit: options.limit })
  if (options.json) {
    print(JSON.stringify(deliveries.map(({ rawBody: _rawBody, ...delivery }) => delivery), null, 2))
    return EXIT.ok
  }
  if (deliveries.length === 0) {
    print(options.status ? `No ${options.status} deliveries.` : 'No deliveries recorded yet.')
    return EXIT.ok
  }
  const rows = deliveries.map((d) => [
    String(d.id),
    formatTime(d.receivedAt),
    d.provider,
    printable(d.eventType ?? '-'),
    d.bookingUid === null ? '-' : truncate(printable(d.bookingUid), 24),
    d.status,
    String(d.attempts),
    d.lastError === null ? '' : truncate(printable(d.lastError), 60),
  ])
  for (const line of formatTable(['ID', 'RECEIVED (UTC)', 'PROVIDER', 'TRIGGER', 'BOOKING UID', 'STATUS', 'ATTEMPTS', 'LAST ERROR'], rows)) {
    print(line)
  }
  if (deliveries.length === options.limit) print(`(the newest ${options.limit}; pass --limit N for more)`)
  return EXIT.ok
}
