import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { redactDatabaseUrl } from '../../scripts/cli/database.ts'
import { createProgress } from '../../scripts/cli/progress.ts'
import { runCli } from '../../scripts/cli/run.ts'
import { WEBHOOK_PROVIDERS } from '../../scripts/cli/webhookSignatures.ts'
import { DELIVERY_STATUSES, PROVIDERS } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { JOB_STATUSES } from '../../supabase/functions/_shared/outbox/outbox.ts'
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
    for (const command of [
      'replay <file.json>',
      '--url URL',
      'events list',
      `--provider ${PROVIDERS.join('|')}`,
      '--status',
      '--limit',
      '--json',
      'events show <id>',
      'events retry <id> | --failed',
      'jobs list [--failed]',
      'jobs retry <id> | --failed',
      'links <bookingId>',
      'airtable check',
      'help',
    ]) {
      expect(out).toContain(command)
    }
  })

  it('offers no replay target for a webhook function that does not exist', async () => {
    const { out } = await run(['help'])
    expect(out).not.toMatch(/sms-status/)
    expect(out).toContain(`[--provider ${WEBHOOK_PROVIDERS.join('|')}]`)
  })

  it.each([[['frobnicate']], [['events']], [['events', 'purge']], [['jobs']], [['jobs', 'purge']]])('rejects the unknown command %j with the usage and exit 2', async (argv) => {
    const { code, err } = await run(argv)
    expect(code).toBe(2)
    expect(err).toContain(`Unknown command: ${argv.join(' ')}`)
    expect(err).toContain('Usage: npm run presence -- <command>')
  })

  it.each([
    [['replay'], 'replay needs one file'],
    [['replay', 'a.json', '--provider', 'twilio'], `--provider must be one of ${WEBHOOK_PROVIDERS.join(', ')}`],
    [['replay', 'a.json', '--url', 'ftp://example.com'], '--url must be an http(s) URL'],
    [['events', 'list', '--limit', '0'], '--limit must be a positive whole number'],
    [['events', 'list', '--status', 'lost'], `--status must be one of ${DELIVERY_STATUSES.join(', ')}`],
    [['events', 'list', '--provider', 'paypal'], `--provider must be one of ${PROVIDERS.join(', ')}`],
    [['events', 'show', '3', '--provider', 'paypal'], `--provider must be one of ${PROVIDERS.join(', ')}`],
    [['events', 'retry', '--failed', '--provider', 'paypal'], `--provider must be one of ${PROVIDERS.join(', ')}`],
    [['events', 'list', '--colour'], "Unknown option '--colour'"],
    [['events', 'show'], 'events show needs a delivery id'],
    [['events', 'show', 'abc'], 'the delivery id must be a positive whole number'],
    [['events', 'retry'], 'events retry takes a delivery id or --failed'],
    [['events', 'retry', '3', '--failed'], 'events retry takes a delivery id or --failed'],
    [['jobs', 'list', '--status', 'lost'], `--status must be one of ${JOB_STATUSES.join(', ')}`],
    [['jobs', 'list', '--failed', '--status', 'done'], '--failed lists failed jobs; it cannot be combined with --status done'],
    [['jobs', 'list', 'extra'], 'jobs list takes no arguments'],
    [['jobs', 'retry'], 'jobs retry takes a job id or --failed'],
    [['jobs', 'retry', '7', '--failed'], 'jobs retry takes a job id or --failed'],
    [['jobs', 'retry', 'x'], 'the job id must be a positive whole number'],
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

  it.each([[['events', 'retry', '--failed']], [['jobs', 'retry', '--failed']]])('%j falls back to the local stack database on DB_PORT', async (argv) => {
    const port = await closedPort()
    const { code, err } = await run(argv, { DB_PORT: String(port) })
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
