import type { ChildProcess } from 'node:child_process'
import { startDenoProcess } from '../../../scripts/stack/denoProcess.ts'
import { freePort } from '../ports.ts'

/**
 * One worker process as the stack runs it (real Deno, `scripts/stack/workerServer.ts`) on free
 * ports, against `databaseUrl`, with the provider variables a test gives; resolves once it is ready.
 */
export async function startWorkerProcess(databaseUrl: string, providerEnv: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort()
  const child = await startDenoProcess({
    script: 'scripts/stack/workerServer.ts',
    readyLine: 'worker ready',
    port: { port, what: 'worker', variable: 'WORKER_PORT' },
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: databaseUrl,
      WORKER_PORT: String(port),
      FUNCTIONS_PORT: String(await freePort()),
      ...providerEnv,
    },
    onOutput: () => {},
  })
  return { child, port }
}
