import { execFileSync } from 'node:child_process'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { denoBinary } from '../../scripts/stack/deno.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const FUNCTIONS_DIR = fileURLToPath(new URL('../../supabase/functions/', import.meta.url))

it('the dashboard function bundles no payments, room providers, job handlers or local Auth code: it reads, writes likes and queues a record sync', () => {
  const output = execFileSync(denoBinary(), ['info', '--json', `${FUNCTIONS_DIR}dashboard/index.ts`], { cwd: ROOT, encoding: 'utf8' })
  const graph = (JSON.parse(output) as { modules: { specifier: string; local?: string }[] }).modules.flatMap((module) =>
    module.local && module.specifier.startsWith('file:') ? [relative(FUNCTIONS_DIR, module.local)] : [],
  )
  expect(graph).toContain('dashboard/handler.ts')
  expect(graph).toContain('_shared/outbox/outbox.ts')
  expect(graph.filter((file) => /payments\/|rooms\/(daily|local)|jobs\/(?!sessionJobs\.ts$)|auth\/local/.test(file))).toEqual([])
})
