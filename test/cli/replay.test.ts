import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { replayWebhook } from '../../scripts/cli/replay.ts'
import { verifyCalcomSignature } from '../../shared/calcom/signature.ts'
import { DEVELOPMENT_SECRETS, loadConfig } from '../../shared/config/loadConfig.ts'
import { captureIo } from './support.ts'

interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: Buffer
}

// Odd spacing, key order and a non-ASCII character: any re-encoding would change the bytes.
const PAYLOAD = '{ "triggerEvent" : "BOOKING_CREATED",\n  "payload": {"uid": "abc", "title": "Séance ☕"}  }\n'

let server: Server
let baseUrl: string
let received: Received[]
let answer: { status: number; body: string }
let dir: string

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/functions/v1`
  dir = await mkdtemp(join(tmpdir(), 'presence-replay-'))
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await rm(dir, { recursive: true, force: true })
})

beforeEach(() => {
  received = []
  answer = { status: 200, body: '{"status":"accepted","deliveryId":7}' }
})

function configWith(env: Record<string, string> = {}) {
  return loadConfig({ FUNCTIONS_URL: baseUrl, ...env })
}

async function payloadFile(name: string, content: string | Buffer = PAYLOAD): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

describe('replay', () => {
  it('posts the file byte for byte with a Cal.com signature the handler accepts', async () => {
    const io = captureIo()
    const code = await replayWebhook({ file: await payloadFile('created.json'), provider: 'calcom' }, { ...io, config: configWith(), fetch })

    expect(code).toBe(0)
    const [request] = received
    expect(request!.path).toBe('/functions/v1/calcom-webhook-handler')
    expect(request!.body.equals(Buffer.from(PAYLOAD))).toBe(true)
    expect(request!.headers['content-type']).toBe('application/json')
    const signature = request!.headers['x-cal-signature-256'] as string
    expect(await verifyCalcomSignature(DEVELOPMENT_SECRETS.calcomWebhook, new Uint8Array(request!.body), signature)).toBe(true)
    expect(io.out).toContain('HTTP 200 OK')
    expect(io.out.join('\n')).toContain('"deliveryId": 7')
  })

  it('signs with CALCOM_WEBHOOK_SECRET when it is set, and honours --url', async () => {
    const io = captureIo()
    const url = `${baseUrl}/elsewhere`
    const config = configWith({ CALCOM_WEBHOOK_SECRET: 'configured-calcom-secret' })
    await replayWebhook({ file: await payloadFile('configured.json'), provider: 'calcom', url }, { ...io, config, fetch })

    const [request] = received
    expect(request!.path).toBe('/functions/v1/elsewhere')
    const signature = request!.headers['x-cal-signature-256'] as string
    expect(await verifyCalcomSignature('configured-calcom-secret', new Uint8Array(request!.body), signature)).toBe(true)
  })

  it('exits 1 and prints the answer when the function rejects the delivery', async () => {
    answer = { status: 401, body: '{"error":"unauthorized"}' }
    const io = captureIo()
    const code = await replayWebhook({ file: await payloadFile('rejected.json'), provider: 'calcom' }, { ...io, config: configWith(), fetch })

    expect(code).toBe(1)
    expect(io.out).toContain('HTTP 401 Unauthorized')
    expect(io.out.join('\n')).toContain('"error": "unauthorized"')
  })

  it('still sends a file that is not JSON, exactly as written, with a warning', async () => {
    answer = { status: 400, body: '{"error":"invalid_json"}' }
    const io = captureIo()
    const content = Buffer.from([0x7b, 0x22, 0xff, 0x0a, 0x6e, 0x6f, 0x74])
    const code = await replayWebhook({ file: await payloadFile('broken.json', content), provider: 'calcom' }, { ...io, config: configWith(), fetch })

    expect(code).toBe(1)
    expect(io.err()).toContain('is not valid JSON')
    expect(received[0]!.body.equals(content)).toBe(true)
  })

  it('explains a missing file and exits 2 without sending anything', async () => {
    const io = captureIo()
    const code = await replayWebhook({ file: join(dir, 'nope.json'), provider: 'calcom' }, { ...io, config: configWith(), fetch })

    expect(code).toBe(2)
    expect(io.err()).toContain(`Cannot read ${join(dir, 'nope.json')}: no such file`)
    expect(received).toHaveLength(0)
  })

  it('explains a directory given as the file', async () => {
    const io = captureIo()
    const code = await replayWebhook({ file: dir, provider: 'calcom' }, { ...io, config: configWith(), fetch })

    expect(code).toBe(2)
    expect(io.err()).toContain('it is a directory')
  })

  it('points at npm start when nothing is listening', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))

    const io = captureIo()
    const config = loadConfig({ FUNCTIONS_URL: `http://127.0.0.1:${port}/functions/v1` })
    const code = await replayWebhook({ file: await payloadFile('refused.json'), provider: 'calcom' }, { ...io, config, fetch })

    expect(code).toBe(1)
    expect(io.err()).toContain('Is the local stack running? Start it with npm start, or pass --url')
  })
})
