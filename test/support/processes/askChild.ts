import type { ChildProcess } from 'node:child_process'

/** Sends `message` (if any) to a forked child and resolves with its first reply of `type`. */
export function askChild<T>(child: ChildProcess, message: object | undefined, type: string): Promise<T> {
  return new Promise<T>((resolve) => {
    const onMessage = (reply: { type: string }) => {
      if (reply.type !== type) return
      child.off('message', onMessage)
      resolve(reply as T)
    }
    child.on('message', onMessage)
    if (message) child.send(message)
  })
}
