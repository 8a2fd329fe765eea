// `npm start`: the whole product on this machine, with no accounts and no network.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../shared/config/loadConfig.ts'
import { startBanner } from './stack/banner.ts'
import { startLocalStack, REPO_ROOT } from './stack/localStack.ts'
import { assertPortsFree, HOST, neededPorts } from './stack/ports.ts'
import { databasePart, httpPart, waitUntilEveryPartAnswers } from './stack/readiness.ts'
import { explainStartupError } from './stack/startupErrors.ts'
import { startSweeps } from './stack/sweeps.ts'
import { startWebServer } from './stack/webServer.ts'

const envFile = join(REPO_ROOT, '.env')
if (existsSync(envFile)) process.loadEnvFile(envFile)

// Stopped last-started first, on Ctrl-C and when start-up fails half-way.
const running: (() => Promise<void>)[] = []
async function stopAll() {
  for (const stop of running.splice(0).reverse()) await stop()
}

try {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } })
  const dataDir = resolve(values['data-dir'] ?? join(REPO_ROOT, '.data', 'pglite'))
  const config = loadConfig(process.env)
  // Every port at once, before the database spends seconds starting.
  await assertPortsFree(neededPorts(config, { web: true }))
  const stack = await startLocalStack({ env: process.env, dataDir })
  running.push(() => stack.stop())
  process.env.VITE_FUNCTIONS_URL ??= config.functionsUrl
  const web = await startWebServer(config)
  running.push(() => web.close())
  await waitUntilEveryPartAnswers([
    databasePart(stack.databaseUrl),
    httpPart('functions server', `http://${HOST}:${config.ports.functions}/health`),
    httpPart('worker', `${stack.workerUrl}/health`),
    httpPart('SPA', `http://${HOST}:${config.ports.web}/`),
  ])
  const sweeps = startSweeps({ functionsUrl: config.functionsUrl, serviceRoleKey: config.serviceRoleKey })
  running.push(async () => sweeps.stop())
  console.log(startBanner(stack, dataDir))
} catch (error) {
  await stopAll()
  const explained = explainStartupError(error)
  if (explained === undefined) throw error
  console.error(explained)
  process.exit(1)
}

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  console.log('\nStopping…')
  await stopAll()
  console.log('Stopped.')
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
