// The Airtable stand-in in a process of its own for the benchmark. In the benchmark's process
// it would share an event loop with the embedded database, whose synchronous queries delay the
// stand-in's clock: requests sent a second apart would look bunched together and draw 429s
// that the real Airtable, on its own servers, would not send.
import { startAirtableServer } from '../../test/support/airtable/index.ts'

const server = await startAirtableServer({ requestsPerSecond: 5 })
server.standIn.insert('Hosts', { Name: 'Jane Rivers', Email: 'jane@presence.example', Status: 'Active' })

process.on('message', (message: { type: 'count'; prefix: string } | { type: 'stats' } | { type: 'close' }) => {
  if (message.type === 'count') {
    const count = server.standIn.records('Presence Operations').filter((r) => String(r.fields['Cal.com Booking ID'] ?? '').startsWith(message.prefix)).length
    process.send?.({ type: 'count', count })
  } else if (message.type === 'stats') {
    process.send?.({ type: 'stats', ...server.stats })
  } else {
    void server.close().then(() => process.exit(0))
  }
})
process.send?.({ type: 'ready', url: server.url, apiKey: server.standIn.apiKey, baseId: server.standIn.baseId })
