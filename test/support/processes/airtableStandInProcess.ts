// The Airtable stand-in in a process of its own, for tests that run worker processes: in the
// test's process it would share an event loop with the embedded database, whose synchronous
// queries would delay its clock and make evenly spaced requests look bunched.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAirtableStandIn, type Fault } from '../airtable/index.ts'

const standIn = createAirtableStandIn({ requestsPerSecond: 5 })
standIn.insert('Hosts', { Name: 'Jane Rivers', Email: 'jane@presence.example', Status: 'Active' })
/** Booking ids carried by each write to Presence Operations, in arrival order, with the answer. */
const writes: { at: number; status: number; bookingIds: string[] }[] = []

const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    const at = Date.now()
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: body.length > 0 ? body : undefined,
    })
    void standIn.handle(request).then(async (response) => {
      if ((req.method === 'PATCH' || req.method === 'POST') && decodeURIComponent(req.url ?? '').includes('/Presence Operations')) {
        const parsed = JSON.parse(body.toString() || '{}') as { records?: { fields?: Record<string, unknown> }[] }
        writes.push({ at, status: response.status, bookingIds: (parsed.records ?? []).map((r) => String(r.fields?.['Cal.com Booking ID'])) })
      }
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    })
  })
})

type Message = { type: 'stats' } | { type: 'fail'; count: number; fault: Fault } | { type: 'close' }

process.on('message', (message: Message) => {
  if (message.type === 'stats') {
    const records = standIn.records('Presence Operations').map((r) => String(r.fields['Cal.com Booking ID']))
    process.send?.({ type: 'stats', ...standIn.stats, writes, records })
  } else if (message.type === 'fail') {
    standIn.failNext(message.count, message.fault)
    process.send?.({ type: 'failing' })
  } else server.close(() => process.exit(0))
})

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}`, apiKey: standIn.apiKey, baseId: standIn.baseId })
})
