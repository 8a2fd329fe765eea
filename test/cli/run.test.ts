import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { redactDatabaseUrl } from '../../scripts/cli/database.ts'
import { createProgress } from '../../scripts/cli/progress.ts'
import { runCli } from '../../scripts/cli/run.ts'
import { captureIo } from './support.ts'

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function run(argv: string[], env: Record<string, string> = {}) {
  const io = captureIo()
  const code = await runCli(argv, { ...io, env, fetch })
  return { code, out: io.out.join('\n'), err: io.err() }
}

describe('presence CLI', () => {
  it.each([[[]], [['help']], [['events', 'list', '--help']]])('prints the usage for %j', async (argv) => {
    const { code, out } = await run(argv)
    expect(code).toBe(0)
    for (const command of ['replay <file.json>', '--provider calcom|stripe|daily', '--url URL', 'events list', '--status', '--limit', '--json', 'events show <id>', 'events retry <id> | --failed', 'airtable check', 'help']) {
      expect(out).toContain(command)
    }
  })

  it.each([[['frobnicate']], [['events']], [['events', 'purge']]])('rejects the unknown command %j with the usage and exit 2', async (argv) => {
    const { code, err } = await run(argv)
    expect(code).toBe(2)
    expect(err).toContain(`Unknown command: ${argv.join(' ')}`)
    expect(err).toContain('Usage: npm run presence -- <command>')
  })

  it.each([
    [['replay'], 'replay needs one file'],
    [['replay', 'a.json', '--provider', 'paypal'], '--provider must be one of calcom, stripe, daily'],
    [['replay', 'a.json', '--url', 'ftp://example.com'], '--url must be an http(s) URL'],
    [['events', 'list', '--limit', '0'], '--limit must be a positive whole number'],
    [['events', 'list', '--status', 'lost'], '--status must be one of pending, processed, ignored, failed'],
    [['events', 'list', '--colour'], "Unknown option '--colour'"],
    [['events', 'show'], 'events show needs a delivery id'],
    [['events', 'show', 'abc'], 'the delivery id must be a positive whole number'],
    [['events', 'retry'], 'events retry takes a delivery id or --failed'],
    [['events', 'retry', '3', '--failed'], 'events retry takes a delivery id or --failed'],
  ])('exits 2 on %j', async (argv, message) => {
    const { code, err } = await run(argv)
    expect(code).toBe(2)
    expect(err).toContain(message)
    expect(err).toContain('npm run presence -- help')
  })

  it('names configuration problems and exits 2', async () => {
    const { code, err } = await run(['events', 'list'], { AIRTABLE_API_KEY: 'pat_only_half' })
    expect(code).toBe(2)
    expect(err).toContain('AIRTABLE_BASE_ID: required with AIRTABLE_API_KEY')
  })

  it('airtable check needs the Airtable credentials', async () => {
    const { code, err } = await run(['airtable', 'check'])
    expect(code).toBe(2)
    expect(err).toContain('airtable check needs AIRTABLE_API_KEY and AIRTABLE_BASE_ID')
  })

  it('explains an unreachable DATABASE_URL without printing its password', async () => {
    const port = await closedPort()
    const { code, err } = await run(['events', 'list'], { DATABASE_URL: `postgres://presence:hunter2-secret@127.0.0.1:${port}/presence` })
    expect(code).toBe(1)
    expect(err).toContain(`Cannot reach the database at postgres://presence:***@127.0.0.1:${port}/presence — start the stack with npm start, or set DATABASE_URL`)
    expect(err).not.toContain('hunter2-secret')
  })

  it('falls back to the local stack database on DB_PORT', async () => {
    const port = await closedPort()
    const { code, err } = await run(['events', 'retry', '--failed'], { DB_PORT: String(port) })
    expect(code).toBe(1)
    expect(err).toContain(`Cannot reach the database at postgres://postgres:***@127.0.0.1:${port}/postgres`)
  })
})

describe('redactDatabaseUrl', () => {
  it('hides the password wherever the URL carries it', () => {
    expect(redactDatabaseUrl('postgres://u:p%40ss@db.example.com:5432/app?sslmode=require')).toBe('postgres://u:***@db.example.com:5432/app?sslmode=require')
    expect(redactDatabaseUrl('postgres://db.example.com/app?user=u&password=secret')).toBe('postgres://db.example.com/app?user=u&password=***')
    expect(redactDatabaseUrl('postgres://u@db.example.com/app')).toBe('postgres://u@db.example.com/app')
  })
})

describe('progress bar', () => {
  it('redraws one line in place on a terminal', () => {
    const io = captureIo({ tty: true })
    const progress = createProgress(io.stderr, 2, 'Retrying')
    progress.tick()
    progress.tick()
    progress.finish()
    expect(io.err()).toBe(
      `\rRetrying [${'-'.repeat(30)}] 0/2\rRetrying [${'#'.repeat(15)}${'-'.repeat(15)}] 1/2\rRetrying [${'#'.repeat(30)}] 2/2\n`,
    )
  })

  it('writes one line per 10% step elsewhere', () => {
    const io = captureIo()
    const progress = createProgress(io.stderr, 25, 'Retrying')
    for (let i = 0; i < 25; i++) progress.tick()
    progress.finish()
    const lines = io.err().split('\n').filter(Boolean)
    expect(lines).toHaveLength(10)
    expect(lines[0]).toBe('Retrying: 3/25 (12%)')
    expect(lines.at(-1)).toBe('Retrying: 25/25 (100%)')
  })
})
