import { beforeEach, describe, expect, it } from 'vitest'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import type { OperationsStore } from '../../supabase/functions/_shared/store/operationsStore.ts'
import { recordSyncJob } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import { createTestPipeline, createTestWebhook, type TestPipeline } from '../support/pipeline.ts'

const db = useTestDatabase()

const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString()

describe('events for one booking, out of order or all at once', () => {
  let pipeline: ReturnType<typeof createTestPipeline>
  let webhook: ReturnType<typeof createTestWebhook>

  beforeEach(async () => {
    await db.reset()
    pipeline = createTestPipeline(db)
    webhook = createTestWebhook(pipeline)
  })

  async function everything() {
    const records = await pipeline.store.listStartingBetween(new Date(0), new Date('2100-01-01'))
    const rooms = await db.sql<{ name: string }[]>`select name from local_rooms where deleted_at is null`
    const sessions = await db.sql`select id from sessions`
    return { records, rooms, sessions }
  }

  it('CANCELLED before CREATED ends Cancelled with no live room', async () => {
    const times = sessionTimes(120)
    await webhook.send(calcomEvents.cancelled({ uid: 'bk-1', ...times, createdAt: at(10) }, { reason: 'Changed my mind' }))
    await webhook.settle()
    await webhook.send(calcomEvents.created({ uid: 'bk-1', ...times, createdAt: at(60) }))
    await webhook.settle()
    const { records, rooms } = await everything()
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ bookingId: 'bk-1', bookingStatus: 'Cancelled', cancellationReason: 'Changed my mind' })
    expect(rooms).toHaveLength(0)
  })

  it('RESCHEDULED before the original CREATED ends as one record on the new uid and time', async () => {
    const original = sessionTimes(120)
    const moved = sessionTimes(60 * 30)
    await webhook.send(calcomEvents.rescheduled({ uid: 'bk-b', ...moved, previousUid: 'bk-a', previousStart: original.start, previousEnd: original.end, createdAt: at(5) }))
    await webhook.settle()
    await webhook.send(calcomEvents.created({ uid: 'bk-a', ...original, createdAt: at(600) }))
    await webhook.settle()
    const { records, rooms, sessions } = await everything()
    expect(sessions).toHaveLength(1)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ bookingId: 'bk-b', bookingStatus: 'Created', sessionStart: moved.start, previousBookingIds: ['bk-a'] })
    expect(rooms).toHaveLength(1)
    expect((await pipeline.sessions.findByBookingId('bk-a'))?.bookingId).toBe('bk-b')
  })

  it('a reschedule chain A -> B -> C lands on C with both old uids resolvable', async () => {
    const [a, b, c] = [sessionTimes(100), sessionTimes(200), sessionTimes(300)]
    await webhook.send(calcomEvents.created({ uid: 'A', ...a!, createdAt: at(30) }))
    await webhook.send(calcomEvents.rescheduled({ uid: 'B', ...b!, previousUid: 'A', previousStart: a!.start, previousEnd: a!.end, createdAt: at(20) }))
    await webhook.send(calcomEvents.rescheduled({ uid: 'C', ...c!, previousUid: 'B', previousStart: b!.start, previousEnd: b!.end, createdAt: at(10) }))
    await webhook.settle()
    const { records, rooms } = await everything()
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ bookingId: 'C', sessionStart: c!.start })
    expect([...records[0]!.previousBookingIds].sort()).toEqual(['A', 'B'])
    expect(rooms).toHaveLength(1)
    for (const uid of ['A', 'B', 'C']) expect((await pipeline.sessions.findByBookingId(uid))?.bookingId).toBe('C')
  })

  const ORDERS = [
    ['cancel', 'reschedule', 'create'],
    ['cancel', 'create', 'reschedule'],
    ['reschedule', 'cancel', 'create'],
    ['reschedule', 'create', 'cancel'],
    ['create', 'cancel', 'reschedule'],
    ['create', 'reschedule', 'cancel'],
  ] as const

  /** The same booking created at one time, moved to another, then cancelled (Cal.com's createdAt gives the real order). */
  function lifecycle(p: TestPipeline) {
    const first = sessionTimes(100)
    const second = sessionTimes(400)
    const hook = createTestWebhook(p)
    return {
      cancel: () => hook.send(calcomEvents.cancelled({ uid: 'bk-y', ...second, createdAt: at(1) })),
      reschedule: () =>
        hook.send(calcomEvents.rescheduled({ uid: 'bk-y', ...second, previousUid: 'bk-x', previousStart: first.start, previousEnd: first.end, createdAt: at(5) })),
      create: () => hook.send(calcomEvents.created({ uid: 'bk-x', ...first, createdAt: at(9) })),
    }
  }

  async function expectOneCancelledBooking() {
    const { records, rooms, sessions } = await everything()
    expect(sessions).toHaveLength(1)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ bookingId: 'bk-y', previousBookingIds: ['bk-x'], bookingStatus: 'Cancelled', roomStatus: expect.stringMatching(/Not Created|Ended/) })
    expect(rooms).toHaveLength(0)
    expect((await pipeline.inbox.list()).map((d) => d.status)).toEqual(['processed', 'processed', 'processed'])
    // SMS (the cancellation notice) have no sender in this pipeline; every other job ran.
    expect(await db.sql`select kind, status from outbox_jobs where status <> 'done' and kind <> 'sms.send'`).toEqual([])
  }

  it.each(ORDERS)('create, reschedule and cancel applied one at a time in the order %s, %s, %s end in one Cancelled record and no live room', async (...order) => {
    const send = lifecycle(pipeline)
    const applied: string[] = []
    for (const name of order) {
      await send[name]()
      await pipeline.worker.runUntilIdle()
      applied.push(name)
      // Each step is applied before the next arrives: the order is the one named, not a race's.
      expect(await db.sql`select 1 from webhook_deliveries where status = 'processed'`).toHaveLength(applied.length)
    }
    await expectOneCancelledBooking()
  })

  // On a server the three deliveries are folded by three workers in parallel transactions; on
  // PGlite's single session they would run one after another, which the test above covers.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL)).each(ORDERS)(
    'create, reschedule and cancel recorded in the order %s, %s, %s and processed by three workers at once end in one Cancelled record',
    async (...order) => {
      for (let round = 0; round < 3; round++) {
        await db.reset()
        const send = lifecycle(pipeline)
        for (const name of order) await send[name]()
        const workers = [1, 2, 3].map(() => createTestPipeline(db, { concurrency: 2 }).worker)
        await Promise.all(workers.map((worker) => worker.runUntilIdle()))
        await pipeline.worker.runUntilIdle()
        await expectOneCancelledBooking()
      }
    },
  )

  it('two sessions that turn out to be one booking merge into one record and at most one live room', async () => {
    const first = sessionTimes(100)
    const second = sessionTimes(400)
    await webhook.send(calcomEvents.cancelled({ uid: 'bk-new', ...second, createdAt: at(1) }, { reason: 'No longer needed' }))
    await webhook.settle()
    await webhook.send(calcomEvents.created({ uid: 'bk-old', ...first, createdAt: at(9) }))
    await webhook.settle()
    expect(await everything()).toMatchObject({ records: { length: 2 }, rooms: { length: 1 }, sessions: { length: 2 } })

    await webhook.send(calcomEvents.rescheduled({ uid: 'bk-new', ...second, previousUid: 'bk-old', previousStart: first.start, previousEnd: first.end, createdAt: at(5) }))
    await webhook.settle()
    const { records, rooms, sessions } = await everything()
    expect(sessions).toHaveLength(1)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ bookingId: 'bk-new', bookingStatus: 'Cancelled', cancellationReason: 'No longer needed', previousBookingIds: ['bk-old'] })
    expect(rooms).toHaveLength(0)
    expect(await db.sql`select * from orphan_rooms`).toHaveLength(0)
    expect((await pipeline.inbox.list()).map((d) => d.status)).toEqual(['processed', 'processed', 'processed'])
  })

  it('a record write of a session that is merged away while the write is under way is undone, not left as a second record', async () => {
    const first = sessionTimes(100)
    const second = sessionTimes(400)
    await webhook.send(calcomEvents.cancelled({ uid: 'bk-new', ...second, createdAt: at(1) }))
    await webhook.send(calcomEvents.created({ uid: 'bk-old', ...first, createdAt: at(9) }))
    await webhook.settle()
    const ids = (await db.sql<{ id: string }[]>`select id::text from sessions`).map((row) => row.id)

    // A second worker writes both records again and stalls in the store after reading the sessions.
    const stalled = gatedStore(pipeline.store)
    const slow = createTestPipeline(db, { store: stalled.store, concurrency: 2 })
    await pipeline.outbox.enqueue(db.sql, ids.map(recordSyncJob))
    const slowRun = slow.worker.runUntilIdle()
    await stalled.reached(2)

    // Meanwhile the reschedule says they are one booking; the merge commits and its own jobs run.
    await webhook.send(calcomEvents.rescheduled({ uid: 'bk-new', ...second, previousUid: 'bk-old', previousStart: first.start, previousEnd: first.end, createdAt: at(5) }))
    await webhook.settle()
    expect(await db.sql`select 1 from sessions`).toHaveLength(1)

    stalled.open()
    await slowRun
    await webhook.settle()
    const { records } = await everything()
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ bookingId: 'bk-new', bookingStatus: 'Cancelled', previousBookingIds: ['bk-old'] })
  })

  it('twenty copies of one delivery sent at once make one record and one room', async () => {
    const body = calcomEvents.created({ uid: 'bk-storm', ...sessionTimes(100) })
    const responses = await Promise.all(Array.from({ length: 20 }, () => webhook.send(body)))
    await webhook.settle()
    expect(responses.every((r) => r.status === 200)).toBe(true)
    const { records, rooms, sessions } = await everything()
    expect(sessions).toHaveLength(1)
    expect(records).toHaveLength(1)
    expect(rooms).toHaveLength(1)
    expect((await pipeline.inbox.list())[0]).toMatchObject({ status: 'processed', duplicates: 19 })
  })

  it('many bookings at once, each with create and reschedule racing, stay separate and whole', async () => {
    const jobs = Array.from({ length: 15 }, (_, i) => {
      const a = sessionTimes(100 + i)
      const b = sessionTimes(1000 + i)
      return [
        webhook.send(calcomEvents.created({ uid: `m-${i}-a`, ...a, createdAt: at(20) })),
        webhook.send(calcomEvents.rescheduled({ uid: `m-${i}-b`, ...b, previousUid: `m-${i}-a`, previousStart: a.start, previousEnd: a.end, createdAt: at(10) })),
      ]
    })
    await Promise.all(jobs.flat())
    await webhook.settle()
    const { records, rooms, sessions } = await everything()
    expect(sessions).toHaveLength(15)
    expect(records.map((r) => r.bookingId).sort()).toEqual(Array.from({ length: 15 }, (_, i) => `m-${i}-b`).sort())
    expect(rooms).toHaveLength(15)
  })
})

/** A store whose saves wait, once they have been called, until the test opens it. */
function gatedStore(inner: OperationsStore) {
  let open: () => void = () => undefined
  const opened = new Promise<void>((resolve) => (open = resolve))
  let waiting = 0
  const arrivals: Array<() => void> = []
  return {
    store: {
      ...inner,
      async save(records) {
        waiting++
        arrivals.splice(0).forEach((wake) => wake())
        await opened
        return inner.save(records)
      },
    } satisfies OperationsStore,
    open,
    async reached(count: number) {
      while (waiting < count) await new Promise<void>((resolve) => arrivals.push(resolve))
    },
  }
}
