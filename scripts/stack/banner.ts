import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describeProviders } from '../../shared/config/loadConfig.ts'
import type { LocalStack } from './localStack.ts'
import { REPO_ROOT } from './repoRoot.ts'

/** What `npm start` prints once every part has answered. */
export function startBanner(stack: LocalStack, dataDir: string): string {
  const { config } = stack
  const shownDataDir = dataDir.startsWith(REPO_ROOT) ? relative(REPO_ROOT, dataDir) : dataDir
  const rows: [string, string][] = [
    ['SPA', `http://127.0.0.1:${config.ports.web}`],
    ['Functions', `${config.functionsUrl}/<name>  (${functionNames().join(', ')})`],
    ['Worker', `${stack.workerUrl}/health  (its own Deno process)`],
    ['Postgres', stack.embedded ? `${stack.databaseUrl}  (embedded PGlite, data in ${shownDataDir})` : 'DATABASE_URL'],
    ['Migrations', stack.migrations.length ? `applied ${stack.migrations.join(', ')}` : 'up to date'],
    ['Demo data', `added ${stack.seeded.hosts} hosts, ${stack.seeded.members} member, ${stack.seeded.templates} templates`],
    ...Object.entries(describeProviders(config)),
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  return [
    '',
    'Presence is running',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    'Replay a Cal.com webhook: npm run presence -- replay <file.json>',
    'Session links for a booking: npm run presence -- links <bookingId>    Stop: Ctrl-C',
    '',
  ].join('\n')
}

/** Every folder of supabase/functions with an entry file is a function, as Supabase deploys them. */
function functionNames(): string[] {
  const root = join(REPO_ROOT, 'supabase', 'functions')
  return readdirSync(root)
    .filter((name) => !name.startsWith('_') && existsSync(join(root, name, 'index.ts')))
    .sort()
}
