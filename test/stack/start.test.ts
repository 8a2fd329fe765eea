import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/ports.ts'
import { freeStackPorts, runStart, type Ports } from './startScript.ts'

const STACK_TRACE = /^ {4}at /m

function hold(port: string): Promise<Server> {
  const server = createServer()
  return new Promise((resolve) => server.listen(Number(port), '127.0.0.1', () => resolve(server)))
}

function canListen(port: string): Promise<boolean> {
  const probe = createServer()
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false))
    probe.listen(Number(port), '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

describe('npm start when something is in the way', () => {
  it.each([
    ['FUNCTIONS_PORT', 'functions'],
    ['WORKER_PORT', 'worker'],
    ['WEB_PORT', 'SPA'],
    ['DB_PORT', 'embedded database'],
  ] as const)('a taken %s is one line naming the port and the variable, and exit 1', async (variable, what) => {
    const ports = await freeStackPorts()
    const holder = await hold(ports[variable])
    try {
      const run = runStart(ports)
      expect(await run.exited).toBe(1)
      expect(run.output().trim()).toBe(`Port ${ports[variable]} (${what}) is already in use. Stop whatever holds it, or set ${variable} to another port.`)
    } finally {
      holder.close()
    }
  })

  it('an unreachable DATABASE_URL says where, why and what to do, without the password', async () => {
    const dbPort = await freePort()
    const run = runStart(await freeStackPorts(), { DATABASE_URL: `postgres://presence:hunter2-secret@127.0.0.1:${dbPort}/presence` })
    expect(await run.exited).toBe(1)
    expect(run.output().trim()).toBe(
      `Cannot reach the database at 127.0.0.1:${dbPort} (DATABASE_URL): connection refused, nothing is listening there.\n` +
        'Start it, fix DATABASE_URL, or unset it to use the embedded database.',
    )
  })

  it('malformed variables are listed, each with what it must be and where to fix it', async () => {
    const run = runStart(await freeStackPorts(), { APP_URL: 'notaurl', WORKER_PORT: 'abc' })
    expect(await run.exited).toBe(1)
    const output = run.output()
    expect(output).toContain('APP_URL: must be an http:// or https:// URL')
    expect(output).toContain('WORKER_PORT: must be a port number from 1 to 65535')
    expect(output).toContain('Fix them in .env')
    expect(output).not.toMatch(STACK_TRACE)
    expect(output).not.toContain('Presence is running')
  })
})

describe('npm start on a clean machine', () => {
  let dataDir: string
  let ports: Ports

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'presence-start-'))
    ports = await freeStackPorts()
  })
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('prints the banner once every part answers, and Ctrl-C stops them all', async () => {
    const run = runStart(ports, {}, ['--data-dir', dataDir])
    await run.printed('Presence is running')
    const answers = await Promise.all(
      [
        `http://127.0.0.1:${ports.FUNCTIONS_PORT}/health`,
        `http://127.0.0.1:${ports.WORKER_PORT}/health`,
        `http://127.0.0.1:${ports.WEB_PORT}/`,
      ].map(async (url) => [url, (await fetch(url)).status]),
    )
    expect(Object.fromEntries(answers)).toEqual({
      [`http://127.0.0.1:${ports.FUNCTIONS_PORT}/health`]: 200,
      [`http://127.0.0.1:${ports.WORKER_PORT}/health`]: 200,
      [`http://127.0.0.1:${ports.WEB_PORT}/`]: 200,
    })
    expect(run.output()).toMatch(new RegExp(`Worker +http://127\\.0\\.0\\.1:${ports.WORKER_PORT}/health +\\(its own Deno process\\)`))

    run.interrupt()
    expect(await run.exited).toBe(0)
    expect(run.output()).toContain('Stopped.')
    expect(run.output()).not.toMatch(STACK_TRACE)
    for (const port of Object.values(ports)) expect(await canListen(port)).toBe(true)
  }, 120_000)
})
