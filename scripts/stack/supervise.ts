import type { ChildProcess } from 'node:child_process'
import { stopProcess } from './denoProcess.ts'

/** A restart loop must not spin: a process that dies at once is started again at most this often. */
const RESTART_PAUSE_MS = 1_000

/**
 * Keeps one child process running for the stack's lifetime: if it dies (a crash, an OOM kill,
 * someone's `kill -9`), it says so and starts it again. Work it held is safe in Postgres and its
 * leases run out, so a restarted worker carries on where it left off. A clean exit is a stop
 * someone asked for (Ctrl-C reaches every process of the terminal's group), not a death.
 */
export function supervise(first: ChildProcess, restart: () => Promise<ChildProcess>, options: { name: string; say: (line: string) => void }) {
  let current = first
  let stopping = false

  function watch(child: ChildProcess): void {
    child.once('exit', (code, signal) => {
      if (stopping || code === 0) return
      options.say(`The ${options.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); starting it again.`)
      setTimeout(() => {
        if (stopping) return
        restart().then(
          (next) => {
            current = next
            watch(next)
          },
          (error: Error) => options.say(`The ${options.name} could not be started again: ${error.message}`),
        )
      }, RESTART_PAUSE_MS)
    })
  }
  watch(first)

  return {
    /** The process running now (after restarts, not the first one). */
    current: () => current,
    async stop() {
      stopping = true
      await stopProcess(current)
    },
  }
}
