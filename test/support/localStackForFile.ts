import { afterAll, beforeAll } from 'vitest'
import { startLocalStack, type LocalStack } from '../../scripts/stack/localStack.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { freeStackEnv, type StackEnv } from './ports.ts'

/**
 * `npm start`'s stack (functions and worker under real Deno, the embedded database) for one test
 * file, on free ports, and a client on its database; both stopped after the file. `extra` is a
 * function so it can name what an earlier `beforeAll` started (a provider stand-in's origin).
 */
export function useLocalStack(extra: () => StackEnv = () => ({}), options: { onWorkerOutput?: (line: string) => void } = {}) {
  let stack: LocalStack | undefined
  let sql: Sql | undefined
  let env: StackEnv = {}
  beforeAll(async () => {
    env = await freeStackEnv(extra())
    stack = await startLocalStack({ env, onFunctionsOutput: () => {}, onWorkerOutput: options.onWorkerOutput })
    sql = connectDatabase(stack.databaseUrl, { max: 2 })
  }, 120_000)
  afterAll(async () => {
    await sql?.end()
    await stack?.stop()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the local stack has not started (use it inside a test)')
    return value
  }
  return {
    get stack(): LocalStack {
      return started(stack)
    },
    get sql(): Sql {
      return started(sql)
    },
    /** The variables it was started with. */
    get env(): StackEnv {
      return env
    },
  }
}
