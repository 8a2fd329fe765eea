/**
 * When each message of a broadcast is first due: no earlier than its recipient's daytime
 * (`sendableAt`), and no closer to the one before than the sending number's spacing. Queued this
 * way a broadcast never stands in front of other messages (a reminder due now goes before the
 * broadcast's later ones) and none of its messages holds a worker waiting for a send slot.
 * Returns the due times in the order given.
 */
export function broadcastDueTimes(sendableAt: readonly Date[], spacingMs: number): Date[] {
  const order = sendableAt.map((at, index) => ({ at: at.getTime(), index })).sort((a, b) => a.at - b.at || a.index - b.index)
  const due: Date[] = new Array(sendableAt.length)
  let previous = -Infinity
  for (const { at, index } of order) {
    previous = Math.max(at, previous + spacingMs)
    due[index] = new Date(previous)
  }
  return due
}
