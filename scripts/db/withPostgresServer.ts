import { spawnSync } from 'node:child_process'
import { startPostgresServer } from './postgresServer.ts'

// `tsx scripts/db/withPostgresServer.ts <command…>`: runs the command with TEST_DATABASE_URL on a
// throwaway PostgreSQL server, removes the server, and exits with the command's status.
const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('usage: tsx scripts/db/withPostgresServer.ts <command> [args…]')
  process.exit(2)
}
const server = await startPostgresServer()
if (!server) {
  console.error('No PostgreSQL server is installed (apt-get install postgresql).')
  process.exit(1)
}
// Ctrl-C reaches the command too; waiting for it to end lets the server be removed.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined)
let status: number
try {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: server.url } })
  status = result.status ?? 1
} finally {
  server.stop()
}
process.exit(status)
