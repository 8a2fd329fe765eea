import { execFileSync } from 'node:child_process'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { denoBinary } from '../../scripts/stack/deno.ts'

const FUNCTIONS_DIR = join(fileURLToPath(new URL('../../', import.meta.url)), 'supabase/functions')

function moduleGraph(name: string): string[] {
  const output = execFileSync(denoBinary(), ['info', '--json', join(FUNCTIONS_DIR, name, 'index.ts')], { encoding: 'utf8' })
  const info = JSON.parse(output) as { modules: { specifier: string; local?: string }[] }
  return info.modules.flatMap((module) => (module.local && module.specifier.startsWith('file:') ? [relative(FUNCTIONS_DIR, module.local)] : []))
}

describe('attendance bundles only what it runs', () => {
  it('daily-webhook (records and answers) carries no processor, no settlement, no provider adapter', () => {
    const graph = moduleGraph('daily-webhook')
    expect(graph).toEqual(expect.arrayContaining(['daily-webhook/handler.ts', '_shared/inbox/inbox.ts']))
    expect(graph.filter((file) => /^_shared\/(attendance|credits|payouts|messages|store|rooms\/(daily|local)|payments)\//.test(file))).toEqual([])
  })

  it('the worker carries the daily processor, the reconcile and both attendance sources', () => {
    expect(moduleGraph('worker')).toEqual(
      expect.arrayContaining([
        '_shared/attendance/dailyProcessor.ts',
        '_shared/attendance/reconcileJob.ts',
        '_shared/attendance/daily/dailyMeetings.ts',
        '_shared/attendance/local/localPresence.ts',
      ]),
    )
  })
})
