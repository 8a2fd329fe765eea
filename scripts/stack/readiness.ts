import { checkDatabase, hostAndPort, type DatabaseUnreachableError } from './databaseCheck.ts'

/** One part of the stack and how to ask it whether it answers: true, or why not. */
export interface Part {
  name: string
  where: string
  answers: () => Promise<true | string>
}

export class NotAnsweringError extends Error {
  constructor(failing: { part: Part; reason: string }[], seconds: number) {
    const lines = failing.map(({ part, reason }) => `The ${part.name} did not answer ${part.where} within ${seconds} seconds (${reason}).`)
    super(`${lines.join('\n')}\nPresence did not start; the output above may say why.`)
    this.name = 'NotAnsweringError'
  }
}

/** Answers when GET `url` is 200. */
export function httpPart(name: string, url: string): Part {
  return {
    name,
    where: url,
    async answers() {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
        await response.body?.cancel()
        return response.status === 200 || `it answered ${response.status}`
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause
        return cause?.code === 'ECONNREFUSED' ? 'connection refused' : (error as Error).message
      }
    },
  }
}

/** Answers when `select 1` does. */
export function databasePart(url: string): Part {
  return {
    name: 'database',
    where: hostAndPort(url) ?? 'its URL',
    answers: () => checkDatabase(url, 'DATABASE_URL').then(
      () => true as const,
      (error: DatabaseUnreachableError) => error.reason,
    ),
  }
}

/** Asks every part until each has answered once; fails naming the ones that never did. */
export async function waitUntilEveryPartAnswers(parts: Part[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let waiting = parts
  for (;;) {
    const results = await Promise.all(waiting.map(async (part) => ({ part, reason: await part.answers() })))
    const failing = results.filter((result): result is { part: Part; reason: string } => result.reason !== true)
    if (failing.length === 0) return
    if (Date.now() > deadline) throw new NotAnsweringError(failing, Math.round(timeoutMs / 1000))
    waiting = failing.map(({ part }) => part)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
