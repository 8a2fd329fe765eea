import { describe, expect, it } from 'vitest'
import { broadcastDueTimes } from '../../shared/messages/broadcastPace.ts'

const at = (iso: string) => new Date(iso)

describe('when each message of a broadcast is first due', () => {
  it('one send slot apart, from the first that may go', () => {
    const now = at('2026-12-24T02:00:00Z')
    expect(broadcastDueTimes([now, now, now], 1_050).map((d) => d.toISOString())).toEqual([
      '2026-12-24T02:00:00.000Z',
      '2026-12-24T02:00:01.050Z',
      '2026-12-24T02:00:02.100Z',
    ])
  })

  it('those waiting for their 08:00 start then, spaced among themselves, and keep their place in the list', () => {
    const now = at('2026-12-24T02:00:00Z')
    const sydneyMorning = at('2026-12-24T21:00:00Z')
    const due = broadcastDueTimes([sydneyMorning, now, sydneyMorning, now], 1_000)
    expect(due.map((d) => d.toISOString())).toEqual([
      '2026-12-24T21:00:00.000Z',
      '2026-12-24T02:00:00.000Z',
      '2026-12-24T21:00:01.000Z',
      '2026-12-24T02:00:01.000Z',
    ])
  })

  it('not paced: each as soon as it may go', () => {
    const now = at('2026-12-24T02:00:00Z')
    expect(broadcastDueTimes([now, now], 0)).toEqual([now, now])
  })
})
