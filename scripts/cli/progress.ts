import type { TextStream } from './io.ts'

const BAR_WIDTH = 30

export interface Progress {
  tick(): void
  finish(): void
}

/**
 * A text progress bar: redrawn in place with `\r` on a terminal, and one line per 10% step
 * otherwise, so a log file gets a handful of lines instead of a wall of carriage returns.
 */
export function createProgress(stream: TextStream, total: number, label: string): Progress {
  let done = 0
  let lastStep = 0
  const draw = () => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH)
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`)
  }
  if (stream.isTTY) draw()
  return {
    tick() {
      done = Math.min(done + 1, total)
      if (stream.isTTY) return draw()
      const step = Math.floor((done * 10) / total)
      if (step > lastStep) {
        lastStep = step
        stream.write(`${label}: ${done}/${total} (${Math.floor((done * 100) / total)}%)\n`)
      }
    },
    finish() {
      if (stream.isTTY) stream.write('\n')
    },
  }
}
