import { describe, expect, it } from 'vitest'
import { dashboardActionResultSchema } from '../../shared/api/dashboard.ts'
import { calcomEvents } from '../support/calcomEvents.ts'
import {
  ANN,
  HOUR,
  JANE,
  KIM,
  MAX,
  annBooking,
  booking,
  db,
  deliver,
  everything,
  hostView,
  ids,
  memberView,
  post,
  refusal,
  runRequestedSyncs,
  syncsRequested,
  tokenFor,
} from './harness.ts'

/** Max's session with Jane (or Kim), held `hoursAgo` hours ago. */
async function heldSession(uid: string, hoursAgo: number, host: 'jane' | 'kim' = 'jane') {
  const fixture = booking(uid, -hoursAgo, host === 'kim' ? { organizerEmail: KIM.email, organizerName: KIM.name } : {})
  await deliver(calcomEvents.created(fixture))
  await deliver(calcomEvents.meetingEnded(fixture))
  return fixture
}

async function likeRow(uid: string) {
  const [row] = await db.sql<{ likedAt: Date | null; dismissedAt: Date | null }[]>`
    select host_liked_at as "likedAt", host_like_dismissed_at as "dismissedAt" from sessions where booking_id = ${uid}`
  return row!
}

async function recordLiked(uid: string): Promise<boolean | undefined> {
  const [row] = await db.sql<{ liked: boolean }[]>`select host_liked_member as liked from presence_operations where booking_id = ${uid}`
  return row?.liked
}

async function act(phone: string, body: unknown) {
  const response = await post(await tokenFor(phone), body)
  expect(response.status, await response.clone().text()).toBe(200)
  return dashboardActionResultSchema.parse(await response.json())
}

const like = (bookingId: string, liked = true) => ({ action: 'like', bookingId, liked })
const dismiss = (bookingId: string) => ({ action: 'dismissLike', bookingId })

describe('a host likes a member after the session', () => {
  it('shows the member a "Host liked you" with the host, the host sees it on the past session, and the record gets the field', async () => {
    await heldSession('bk-held', 3)
    expect(await recordLiked('bk-held')).toBe(false)

    expect(await act(JANE.phone, like('bk-held'))).toEqual({ bookingId: 'bk-held', likedMember: true, likeDismissed: false })
    const first = (await likeRow('bk-held')).likedAt!
    expect(first).toBeInstanceOf(Date)
    // Liking again keeps the first time and asks for no second sync.
    expect(await act(JANE.phone, like('bk-held'))).toEqual({ bookingId: 'bk-held', likedMember: true, likeDismissed: false })
    expect((await likeRow('bk-held')).likedAt).toEqual(first)
    expect(await runRequestedSyncs()).toBe(1)
    expect(await recordLiked('bk-held')).toBe(true)

    const member = await memberView(MAX.phone)
    expect(member.hostLikes).toEqual([{ bookingId: 'bk-held', host: { id: ids.jane, name: JANE.name }, likedAt: first.toISOString() }])
    expect((await hostView(JANE.phone)).past.items).toEqual([expect.objectContaining({ bookingId: 'bk-held', likedMember: true })])
    // Only Max's own dashboard shows it.
    expect((await memberView(ANN.phone)).hostLikes).toEqual([])
  })

  it('lists several likes newest first, each host named as the Hosts table has them', async () => {
    await heldSession('bk-jane', 30)
    await heldSession('bk-kim', 5, 'kim')
    await act(KIM.phone, like('bk-kim'))
    await act(JANE.phone, like('bk-jane'))
    expect((await memberView(MAX.phone)).hostLikes.map((l) => [l.bookingId, l.host])).toEqual([
      ['bk-jane', { id: ids.jane, name: JANE.name }],
      ['bk-kim', { id: ids.kim, name: KIM.name }],
    ])
  })

  it('the member dismisses it once and for all: liking again does not bring it back; taking the like back clears both', async () => {
    await heldSession('bk-held', 3)
    await act(JANE.phone, like('bk-held'))
    expect(await act(MAX.phone, dismiss('bk-held'))).toEqual({ bookingId: 'bk-held', likedMember: true, likeDismissed: true })
    const dismissed = await likeRow('bk-held')
    expect((await memberView(MAX.phone)).hostLikes).toEqual([])

    expect(await act(MAX.phone, dismiss('bk-held'))).toEqual({ bookingId: 'bk-held', likedMember: true, likeDismissed: true })
    expect(await act(JANE.phone, like('bk-held'))).toEqual({ bookingId: 'bk-held', likedMember: true, likeDismissed: true })
    expect(await likeRow('bk-held')).toEqual(dismissed)
    expect((await memberView(MAX.phone)).hostLikes).toEqual([])
    // The host still sees that they liked the member.
    expect((await hostView(JANE.phone)).past.items[0]).toMatchObject({ likedMember: true })

    expect(await act(JANE.phone, like('bk-held', false))).toEqual({ bookingId: 'bk-held', likedMember: false, likeDismissed: false })
    expect(await likeRow('bk-held')).toEqual({ likedAt: null, dismissedAt: null })
    await runRequestedSyncs()
    expect(await recordLiked('bk-held')).toBe(false)
    expect((await hostView(JANE.phone)).past.items[0]).toMatchObject({ likedMember: false })
    // Taking back a like that is not there changes nothing.
    expect(await act(JANE.phone, like('bk-held', false))).toEqual({ bookingId: 'bk-held', likedMember: false, likeDismissed: false })

    await act(JANE.phone, like('bk-held'))
    expect((await memberView(MAX.phone)).hostLikes.map((l) => l.bookingId)).toEqual(['bk-held'])
  })

  it('works for a booking found by the uid it had before a reschedule', async () => {
    const before = booking('bk-old', -50)
    await deliver(calcomEvents.created(before))
    await deliver(calcomEvents.rescheduled({ ...booking('bk-new', -4), previousUid: 'bk-old', previousStart: before.start, previousEnd: before.end }))
    expect(await act(JANE.phone, like('bk-old'))).toEqual({ bookingId: 'bk-new', likedMember: true, likeDismissed: false })
    expect((await memberView(MAX.phone)).hostLikes.map((l) => l.bookingId)).toEqual(['bk-new'])
  })
})

describe('refused, and nothing written', () => {
  it('another host, a member liking, another member dismissing, an unknown booking, before the session, cancelled, pending, not liked', async () => {
    await heldSession('bk-held', 3)
    await heldSession('bk-liked', 6)
    await act(JANE.phone, like('bk-liked'))
    await deliver(calcomEvents.created(booking('bk-soon', 2)))
    await deliver(calcomEvents.created(booking('bk-cancelled', -2)))
    await deliver(calcomEvents.cancelled(booking('bk-cancelled', -2), { reason: 'Member unwell', cancelledBy: MAX.email }))
    await deliver(calcomEvents.requested(booking('bk-pending', -1)))
    await deliver(calcomEvents.created(annBooking('bk-ann', -3)))
    await runRequestedSyncs()
    syncsRequested.length = 0
    const before = await everything()

    const tries: [string, unknown][] = [
      [KIM.phone, like('bk-held')],
      [KIM.phone, like('bk-liked', false)],
      [MAX.phone, like('bk-held')],
      [ANN.phone, dismiss('bk-liked')],
      [JANE.phone, dismiss('bk-liked')],
      [JANE.phone, like('bk-nobody-has')],
      [MAX.phone, dismiss('bk-nobody-has')],
      [JANE.phone, like('bk-soon')],
      [JANE.phone, like('bk-cancelled')],
      [JANE.phone, like('bk-pending')],
      [MAX.phone, dismiss('bk-held')],
      [ANN.phone, dismiss('bk-ann')],
    ]
    const answers = []
    for (const [phone, body] of tries) answers.push(await refusal(await post(await tokenFor(phone), body)))
    expect(answers.map(({ status, error }) => [status, error])).toEqual([
      [404, 'not_found'],
      [404, 'not_found'],
      [403, 'not_a_host'],
      [404, 'not_found'],
      [403, 'not_a_member'],
      [404, 'not_found'],
      [404, 'not_found'],
      [422, 'not_held'],
      [422, 'not_held'],
      [422, 'not_held'],
      [422, 'not_liked'],
      [422, 'not_liked'],
    ])
    // Another's booking and one that does not exist read the same.
    expect(answers[0]!.message).toBe(answers[5]!.message)
    expect(await everything()).toEqual(before)
    expect(syncsRequested).toEqual([])
  })

  it('an unknown action, a bad shape, not JSON, an oversized body, no token, an expired one', async () => {
    await heldSession('bk-held', 3)
    const before = await everything()
    const jane = await tokenFor(JANE.phone)
    const expired = await tokenFor(JANE.phone, new Date(Date.now() - 3 * HOUR))
    const answers = [
      await refusal(await post(jane, { action: 'superLike', bookingId: 'bk-held' })),
      await refusal(await post(jane, { action: 'like', bookingId: 'bk-held' })),
      await refusal(await post(jane, { action: 'like', bookingId: '', liked: true })),
      await refusal(await post(jane, '{"action":"like",')),
      await refusal(await post(jane, { ...like('bk-held'), padding: 'x'.repeat(5000) })),
      await refusal(await post(null, like('bk-held'))),
      await refusal(await post(expired, like('bk-held'))),
    ]
    expect(answers.map(({ status, error }) => [status, error])).toEqual([
      [400, 'invalid_request'],
      [400, 'invalid_request'],
      [400, 'invalid_request'],
      [400, 'invalid_json'],
      [413, 'payload_too_large'],
      [401, 'unauthorized'],
      [401, 'unauthorized'],
    ])
    expect(answers[6]!.message).toContain('expired')
    expect(await everything()).toEqual(before)
    expect(syncsRequested).toEqual([])
  })
})
