// A whole local stack in a process of its own, for the crash-recovery benchmark: the embedded
// database (PGlite, on a data dir) lives in this Node process, the functions server and the
// worker in its two Deno children. The benchmark kills all three with SIGKILL, so this
// process reports their process ids.
import { startLocalStack } from '../stack/localStack.ts'
import { denoServersOf } from './stacks.ts'

export interface StackProcessStart {
  type: 'start'
  env: Record<string, string | undefined>
  dataDir: string
}

export interface StackProcessReady {
  type: 'ready'
  databaseUrl: string
  functionsUrl: string
  /** This process (the embedded database's host) and its Deno children, by what they run. */
  pids: { name: string; pid: number }[]
}

process.once('message', (message: StackProcessStart) => {
  void startLocalStack({ env: message.env, dataDir: message.dataDir, onFunctionsOutput: () => {} }).then(
    (stack) => {
      const ready: StackProcessReady = {
        type: 'ready',
        databaseUrl: stack.databaseUrl,
        functionsUrl: stack.functionsUrl,
        pids: [{ name: 'embedded database (Node, PGlite)', pid: process.pid }, ...denoServersOf(process.pid)],
      }
      process.send?.(ready)
      const stop = () => void stack.stop().finally(() => process.exit(0))
      process.on('message', (next: { type: string }) => {
        if (next.type === 'stop') stop()
      })
      // The benchmark gone (finished, failed or killed) closes the channel: never outlive it.
      process.once('disconnect', stop)
    },
    (error: unknown) => {
      process.send?.({ type: 'error', message: String(error) })
      process.exit(1)
    },
  )
})
