import type { Delivery } from '../../supabase/functions/_shared/ledger/deliveries.ts'
import { processCalcomDelivery, type ProcessResult } from '../../supabase/functions/_shared/pipeline/processCalcomDelivery.ts'
import type { AppContext } from '../../supabase/functions/_shared/runtime/appContext.ts'
import { EXIT, type CliIo } from './io.ts'
import { createProgress } from './progress.ts'
import { printable, truncate } from './text.ts'

export type RetryTarget = { id: number } | { failed: true }

interface Retried {
  delivery: Delivery
  result: ProcessResult
  /** The ledger row after the run: a retryable failure is back to `pending` for the sweep. */
  after: Delivery | null
}

/**
 * `presence events retry`: runs stored deliveries again through `processCalcomDelivery`, the
 * same code path as the webhook, so a retry can do nothing a delivery could not.
 */
export async function retryEvents(ctx: AppContext, target: RetryTarget, io: CliIo): Promise<number> {
  return 'id' in target ? retryOne(ctx, target.id, io) : retryFailed(ctx, io)
}

async function retryOne(ctx: AppContext, id: number, io: CliIo): Promise<number> {
  const delivery = await ctx.ledger.get(id)
  if (!delivery) {
    io.print(`No delivery with id ${id}. List them with: npm run presence -- events list`)
    return EXIT.failed
  }
  if (delivery.provider !== 'calcom') {
    io.print(`Delivery ${id} came from ${delivery.provider}; only Cal.com deliveries can be retried here.`)
    return EXIT.failed
  }
  if (delivery.status === 'failed') await ctx.ledger.requeue([id])
  const retried = await run(ctx, delivery)
  io.print(describe(retried))
  return succeeded(retried) ? EXIT.ok : EXIT.failed
}

async function retryFailed(ctx: AppContext, io: CliIo): Promise<number> {
  const failed = (await Promise.all((await ctx.ledger.idsWithStatus('failed')).map((id) => ctx.ledger.get(id)))).filter(
    (delivery): delivery is Delivery => delivery !== null,
  )
  const deliveries = failed.filter((delivery) => delivery.provider === 'calcom')
  const others = failed.length - deliveries.length
  if (others > 0) io.print(`${others} failed deliveries from other providers are left alone; only Cal.com deliveries can be retried here.`)
  if (deliveries.length === 0) {
    io.print('No failed Cal.com deliveries to retry.')
    return EXIT.ok
  }

  await ctx.ledger.requeue(deliveries.map((delivery) => delivery.id))
  const progress = deliveries.length > 1 ? createProgress(io.stderr, deliveries.length, 'Retrying') : undefined
  const results: Retried[] = []
  // Oldest first, one at a time: events for one booking are applied in the order they came.
  for (const delivery of deliveries) {
    results.push(await run(ctx, delivery))
    progress?.tick()
  }
  progress?.finish()

  const failing = results.filter((retried) => !succeeded(retried))
  io.print(`Retried ${results.length} failed deliveries: ${results.length - failing.length} done, ${failing.length} still failing.`)
  for (const retried of failing) io.print(`  ${describe(retried)}`)
  return failing.length === 0 ? EXIT.ok : EXIT.failed
}

async function run(ctx: AppContext, delivery: Delivery): Promise<Retried> {
  const result = await processCalcomDelivery(ctx.pipeline, delivery.id)
  return { delivery, result, after: await ctx.ledger.get(delivery.id) }
}

function succeeded({ result }: Retried): boolean {
  return result.outcome !== 'failed'
}

function describe({ delivery, result, after }: Retried): string {
  const uid = delivery.bookingUid === null ? '' : ` ${truncate(printable(delivery.bookingUid), 40)}`
  const subject = `Delivery ${delivery.id} (${printable(delivery.eventType ?? 'unknown trigger')}${uid})`
  switch (result.outcome) {
    case 'done':
      return `${subject}: processed.`
    case 'already-done':
      return `${subject}: already processed; nothing to do.`
    case 'ignored':
      return `${subject}: ignored (not a trigger Presence acts on); nothing to do.`
    case 'queued':
      return `${subject}: applied; another worker is syncing its session and will finish it.`
    case 'failed': {
      const next = after?.status === 'pending' ? ' It will be retried automatically.' : ''
      return `${subject}: still failing: ${printable(result.error)}.${next}`
    }
  }
}
