import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { replayWebhook } from '../../scripts/cli/replay.ts'
import { loadConfig } from '../../shared/config/loadConfig.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createDailyWebhookHandler } from '../../supabase/functions/daily-webhook/handler.ts'
import { captureIo } from '../cli/support.ts'
import { useTestDatabase } from '../support/database.ts'
import { DAILY_SECRET, dailyEvents } from './support.ts'

const db = useTestDatabase()
let server: Server
let functionsUrl: string
let dir: string

// daily-webhook on a real port, as `presence replay --provider daily` reaches it.
beforeAll(async () => {
  const handler = createDailyWebhookHandler({ secret: DAILY_SECRET, inbox: createInbox(db.sql), wake: () => {}, log: silentLogger })
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }))
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  functionsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/functions/v1`
  dir = await mkdtemp(join(tmpdir(), 'presence-replay-daily-'))
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await rm(dir, { recursive: true, force: true })
})

beforeEach(() => db.reset())

const DAILY_ENV = { DAILY_API_KEY: 'k', DAILY_DOMAIN: 'presence' }

describe('replay --provider daily', () => {
  it('signs a saved Daily event as Daily does, so daily-webhook records it', async () => {
    const file = join(dir, 'joined.json')
    await writeFile(file, JSON.stringify(dailyEvents.joined('presence-room', { id: 'p1', userId: null, owner: true, at: new Date() })))
    const io = captureIo()
    const code = await replayWebhook({ file, provider: 'daily' }, { ...io, config: loadConfig({ FUNCTIONS_URL: functionsUrl, ...DAILY_ENV, DAILY_WEBHOOK_SECRET: DAILY_SECRET }), fetch })
    expect(code).toBe(0)
    expect(await db.sql`select provider, event_type from webhook_deliveries`).toEqual([{ provider: 'daily', event_type: 'participant.joined' }])
  })

  it('without DAILY_WEBHOOK_SECRET it says what is missing and sends nothing', async () => {
    const file = join(dir, 'unsigned.json')
    await writeFile(file, '{"type":"meeting.started","id":"x","payload":{"room":"r","start_ts":1}}')
    const io = captureIo()
    const code = await replayWebhook({ file, provider: 'daily' }, { ...io, config: loadConfig({ FUNCTIONS_URL: functionsUrl }), fetch }).catch((error: Error) => error)
    expect(code instanceof Error ? code.message : io.err()).toContain('DAILY_WEBHOOK_SECRET')
    expect(await db.sql`select 1 from webhook_deliveries`).toEqual([])
  })
})
