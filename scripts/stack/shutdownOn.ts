// Runs under Deno. How a process of the local stack stops: on SIGINT or SIGTERM, and when the
// stack's process is gone however it went (its stdin, kept open by the stack, closes; set by
// PRESENCE_EXIT_WITH_PARENT, so a process started by hand leaves the terminal alone). Whichever
// comes first runs `shutdown`, once.
import { EXIT_WITH_PARENT } from './childEnv.ts'

export function shutdownOn(shutdown: () => Promise<void>): void {
  let stopping = false
  const once = () => {
    if (stopping) return
    stopping = true
    void shutdown().finally(() => Deno.exit(0))
  }
  Deno.addSignalListener('SIGINT', once)
  Deno.addSignalListener('SIGTERM', once)
  if (Deno.env.get(EXIT_WITH_PARENT) === '1') void Deno.stdin.readable.pipeTo(new WritableStream()).finally(once)
}
