import { beforeEach, expect, it } from 'vitest'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestWebhook } from '../support/pipeline.ts'
import { createStripeTestPipeline } from '../support/stripe/stripePipeline.ts'
import { checkoutSessionOf, openPurchase, paymentIntentOf, stripeEventOf, type TestPurchase } from '../support/stripe/stripeEvents.ts'

// What a refund does to paid sessions, seen where operators and members see it: the records, and
// whether a refunded credit can still be booked.
const db = useTestDatabase()
let pipeline: ReturnType<typeof createStripeTestPipeline>
let calcom: ReturnType<typeof createTestWebhook>
let purchase: TestPurchase

beforeEach(async () => {
  await db.reset()
  pipeline = createStripeTestPipeline(db)
  calcom = createTestWebhook(pipeline)
  purchase = await openPurchase(db.sql, 'weekly')
  await db.sql`update hosts set email = 'jane@presence.example' where id = ${purchase.hostId}`
  expect((await pipeline.send(stripeEventOf('checkout.session.completed', checkoutSessionOf(purchase)))).status).toBe(200)
  await pipeline.settle()
})

async function paidSessionIds(): Promise<string[]> {
  const rows = await db.sql<{ id: string }[]>`select id::text from paid_sessions where purchase_id = ${purchase.id} order by position`
  return rows.map((row) => row.id)
}

async function book(uid: string, paidSessionId: string) {
  const body = calcomEvents.created({ uid, ...sessionTimes(72 * 60), memberId: purchase.memberId, paidSessionId, attendeeEmail: 'mia@example.com', attendeeName: 'Mia Member' })
  expect((await calcom.send(body)).status).toBe(200)
  await calcom.settle()
}

async function refundEverything() {
  const charge = { id: 'ch_test_full', object: 'charge', amount: 4000, amount_refunded: 4000, refunded: true, payment_intent: paymentIntentOf(purchase), metadata: {} }
  expect((await pipeline.send(stripeEventOf('charge.refunded', charge))).status).toBe(200)
  await pipeline.settle()
}

it('a full refund: unbooked sessions read Refunded, the booked one is flagged for an operator', async () => {
  const [booked, ...unbooked] = await paidSessionIds()
  await book('bk-before-refund', booked!)
  await refundEverything()
  expect(await pipeline.store.get(booked!)).toMatchObject({ bookingId: 'bk-before-refund', paymentStatus: 'Refunded After Booking', creditStatus: 'Booked' })
  for (const id of unbooked) expect(await pipeline.store.get(id)).toMatchObject({ paymentStatus: 'Refunded', creditStatus: 'Refunded', bookingId: null })
})

it('a refunded credit can no longer be booked: the booking is flagged, not counted as paid', async () => {
  const [first] = await paidSessionIds()
  await refundEverything()
  await book('bk-after-refund', first!)
  expect(await pipeline.store.findByBookingId('bk-after-refund')).toMatchObject({ paymentStatus: 'Credit Not Available', sessionId: expect.not.stringMatching(first!) })
  expect(await pipeline.store.get(first!)).toMatchObject({ creditStatus: 'Refunded', bookingId: null })
})

it('a session refunded while booked stays refunded when that booking is then cancelled in time', async () => {
  const [booked] = await paidSessionIds()
  await book('bk-refunded-then-cancelled', booked!)
  await refundEverything()
  const cancel = calcomEvents.cancelled(
    { uid: 'bk-refunded-then-cancelled', ...sessionTimes(72 * 60), attendeeEmail: 'mia@example.com', createdAt: new Date(Date.now() + 1000).toISOString() },
    { cancelledBy: 'mia@example.com' },
  )
  expect((await calcom.send(cancel)).status).toBe(200)
  await calcom.settle()
  expect(await pipeline.store.get(booked!)).toMatchObject({ bookingStatus: 'Cancelled', creditStatus: 'Refunded', paymentStatus: 'Refunded' })
  await book('bk-rebook-refunded', booked!)
  expect(await pipeline.store.findByBookingId('bk-rebook-refunded')).toMatchObject({ paymentStatus: 'Credit Not Available' })
})
