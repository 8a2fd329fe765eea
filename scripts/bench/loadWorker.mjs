// Plain JavaScript so a worker thread can load it without a TypeScript loader. Runs in its own
// thread: the load generator must not share an event loop with the embedded database (PGlite
// runs queries synchronously), or its own timings would include query time.
import { Agent, request } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

/** @type {{ origin: string, requests: { method: string, path: string, headers: Record<string, string>, body?: string }[], concurrency: number }} */
const job = workerData
const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency })
const target = new URL(job.origin)

function send({ method, path, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: target.hostname, port: target.port, path, method, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const results = []
let next = 0
async function worker() {
  while (next < job.requests.length) {
    const started = performance.now()
    const status = await send(job.requests[next++])
    results.push({ latencyMs: performance.now() - started, status })
  }
}
await Promise.all(Array.from({ length: job.concurrency }, worker))
agent.destroy()
parentPort?.postMessage(results)
