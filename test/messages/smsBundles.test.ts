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

describe('SMS functions bundle only what they run', () => {
  it('sms-status (records and answers) carries no sender, no job and no Airtable', () => {
    expect(moduleGraph('sms-status').filter((file) => /messages\/(twilio\/twilio(Api|Sender)|sendSmsJob|local\/)|store\/airtable|rooms\/(daily|local)/.test(file))).toEqual([])
  })

  it('send-sms carries the senders and the job, but no rooms, payments adapters or record sync', () => {
    const graph = moduleGraph('send-sms')
    expect(graph).toEqual(expect.arrayContaining(['_shared/messages/sendSmsJob.ts', '_shared/messages/twilio/twilioSender.ts', '_shared/messages/local/loggedSender.ts']))
    expect(graph.filter((file) => /rooms\/(daily|local)|payments\/(stripe|local)|jobs\/syncRecordJob|auth\/local/.test(file))).toEqual([])
  })
})
