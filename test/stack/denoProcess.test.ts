import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startDenoProcess, stopProcess } from '../../scripts/stack/denoProcess.ts'
import { PortInUseError } from '../../scripts/stack/ports.ts'
import { freePort } from '../support/ports.ts'

// The port check before start-up can lose a race; then it is the Deno process that finds the port taken.
describe('a Deno process of the local stack', () => {
  let holder: Server | undefined
  afterEach(() => holder?.close())

  async function worker(env: Record<string, string>) {
    const port = env.WORKER_PORT!
    return startDenoProcess({
      script: 'scripts/stack/workerServer.ts',
      readyLine: 'worker ready',
      port: { port: Number(port), what: 'worker', variable: 'WORKER_PORT' },
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${await freePort()}/postgres`, ...env },
      onOutput: () => {},
    })
  }

  it('that dies on a taken port is named as that port, not as a Deno stack trace', async () => {
    const port = await freePort()
    holder = createServer()
    await new Promise<void>((resolve) => holder!.listen(port, '127.0.0.1', resolve))
    const failure = await worker({ WORKER_PORT: String(port) }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(PortInUseError)
    expect((failure as Error).message).toBe(`Port ${port} (worker) is already in use. Stop whatever holds it, or set WORKER_PORT to another port.`)
  })

  it('that dies for another reason fails with what it printed', async () => {
    const failure = await worker({ WORKER_PORT: String(await freePort()), APP_URL: 'notaurl' }).catch((error: unknown) => error)
    expect(failure).not.toBeInstanceOf(PortInUseError)
    expect((failure as Error).message).toMatch(/workerServer\.ts stopped \(exit code 1\) before it was ready:[\s\S]*APP_URL: must be an http/)
  })

  it('resolves once it is listening, and stops on request', async () => {
    const port = await freePort()
    const child = await worker({ WORKER_PORT: String(port) })
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200)
    await stopProcess(child)
    expect(child.exitCode ?? child.signalCode).not.toBeNull()
  })
})
