import { createServer } from 'node:net'

/** A port nothing is listening on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export type StackEnv = Record<string, string | undefined>

/** What a local stack needs to start on ports nothing else uses: PATH, HOME and a free port for each part, plus `extra`. */
export async function freeStackEnv(extra: StackEnv = {}): Promise<StackEnv> {
  const [functions, db, worker] = [await freePort(), await freePort(), await freePort()]
  return { PATH: process.env.PATH, HOME: process.env.HOME, FUNCTIONS_PORT: String(functions), DB_PORT: String(db), WORKER_PORT: String(worker), ...extra }
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
