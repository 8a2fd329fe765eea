// `npm start`: the whole product on this machine, with no accounts and no network.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createServer } from 'vite'
import { describeProviders } from '../shared/config/loadConfig.ts'
import { FUNCTIONS } from '../supabase/functions/_shared/runtime/functionRegistry.ts'
import { startLocalStack, REPO_ROOT } from './stack/localStack.ts'
import { startSweeps } from './stack/sweeps.ts'

const envFile = join(REPO_ROOT, '.env')
if (existsSync(envFile)) process.loadEnvFile(envFile)

const stack = await startLocalStack({ env: process.env, dataDir: join(REPO_ROOT, '.data', 'pglite') })
const { config } = stack
process.env.VITE_FUNCTIONS_URL ??= config.functionsUrl
const web = await createServer({ configFile: join(REPO_ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' })
await web.listen()
const sweeps = startSweeps({ functionsUrl: config.functionsUrl, serviceRoleKey: config.serviceRoleKey })

const rows: [string, string][] = [
  ['SPA', `http://127.0.0.1:${config.ports.web}`],
  ['Functions', `${config.functionsUrl}/<name>  (${Object.keys(FUNCTIONS).join(', ')})`],
  ['Postgres', stack.embedded ? `${stack.databaseUrl}  (embedded PGlite, data in .data/pglite)` : 'DATABASE_URL'],
  ['Migrations', stack.migrations.length ? `applied ${stack.migrations.join(', ')}` : 'up to date'],
  ['Demo data', `added ${stack.seeded.hosts} hosts, ${stack.seeded.members} member, ${stack.seeded.templates} templates`],
  ...Object.entries(describeProviders(config)),
]
const width = Math.max(...rows.map(([label]) => label.length))
console.log(`\nPresence is running\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}`)
console.log('\nReplay a Cal.com webhook: npm run presence -- replay <file.json>')
console.log('Session links for a booking: npm run presence -- links <bookingId>    Stop: Ctrl-C\n')

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  console.log('\nStopping…')
  sweeps.stop()
  await web.close()
  await stack.stop()
  console.log('Stopped.')
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
