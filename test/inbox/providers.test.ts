import { beforeEach, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../shared/crypto/hmac.ts'
import { PROVIDERS, type Provider } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline } from '../support/pipeline.ts'

const db = useTestDatabase()

async function record(pipeline: ReturnType<typeof createTestPipeline>, provider: Provider, body: unknown, eventId: string | null = null) {
  const raw = JSON.stringify(body)
  const sha = await sha256Hex(new TextEncoder().encode(raw))
  return pipeline.inbox.record({
    provider,
    eventId,
    eventType: 'test.event',
    dedupeKey: eventId ?? sha,
    bodySha256: sha,
    rawBody: raw,
    signature: null,
    signatureStatus: 'verified',
    status: 'pending',
    bookingId: null,
    lastError: null,
  })
}

describe('one inbox for every provider', () => {
  beforeEach(() => db.reset())

  it.each(PROVIDERS.filter((provider) => provider !== 'calcom'))(
    'a %s delivery, with no processor yet, is kept and marked ignored with the reason, never handed to Cal.com',
    async (provider) => {
      const pipeline = createTestPipeline(db)
      // A body the Cal.com processor would turn into a session, were it handed the delivery.
      const { id } = await record(pipeline, provider, calcomEvents.created({ uid: `bk-${provider}`, ...sessionTimes(60) }))
      await pipeline.worker.runUntilIdle()

      expect(await pipeline.inbox.get(id)).toMatchObject({ provider, status: 'ignored', lastError: `no processor for ${provider} deliveries yet` })
      expect(await db.sql`select 1 from sessions`).toHaveLength(0)
      expect(await db.sql`select 1 from outbox_jobs`).toHaveLength(0)
    },
  )

  it('each provider is handed only its own deliveries', async () => {
    const seen: string[] = []
    const pipeline = createTestPipeline(db, {
      processors: {
        stripe: { process: async (delivery) => (seen.push(`stripe:${delivery.provider}`), { outcome: 'processed' }) },
        daily: { process: async (delivery) => (seen.push(`daily:${delivery.provider}`), { outcome: 'processed' }) },
      },
    })
    await record(pipeline, 'stripe', { id: 'evt_1' }, 'evt_1')
    await record(pipeline, 'daily', { id: 'd-1' }, 'd-1')
    await record(pipeline, 'twilio', { MessageSid: 'SM1' })
    await pipeline.worker.runUntilIdle()
    expect(seen.sort()).toEqual(['daily:daily', 'stripe:stripe'])
    expect((await pipeline.inbox.list({ provider: 'twilio' }))[0]).toMatchObject({ status: 'ignored' })
  })

  it('a provider event id seen twice is one delivery with a duplicate, whatever the bodies say', async () => {
    const pipeline = createTestPipeline(db)
    const first = await record(pipeline, 'stripe', { id: 'evt_same', attempt: 1 }, 'evt_same')
    const again = await record(pipeline, 'stripe', { id: 'evt_same', attempt: 2 }, 'evt_same')
    expect(again).toMatchObject({ id: first.id, duplicate: true })
    expect(await pipeline.inbox.list()).toMatchObject([{ id: first.id, duplicates: 1, eventId: 'evt_same' }])
  })

  it("a processor's retryable failure comes back after a wait; a permanent one is failed with its reason", async () => {
    let calls = 0
    const pipeline = createTestPipeline(db, {
      processors: {
        stripe: {
          process: async () => {
            calls++
            return { outcome: 'failed', error: new Error('database went away') }
          },
        },
      },
    })
    const { id } = await record(pipeline, 'stripe', { id: 'evt_retry' }, 'evt_retry')
    await pipeline.worker.runUntilIdle()
    await pipeline.worker.runUntilIdle()
    expect(calls).toBe(1)
    const waiting = await pipeline.inbox.get(id)
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'database went away' })
    expect(waiting!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now())
  })
})
