import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { denoBinary } from '../../scripts/stack/deno.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const FUNCTIONS_DIR = join(ROOT, 'supabase/functions')
const FUNCTIONS = readdirSync(FUNCTIONS_DIR).filter((name) => !name.startsWith('_') && existsSync(join(FUNCTIONS_DIR, name, 'index.ts')))

/**
 * A provider's processor lives in its webhook function's folder and runs in the worker: the one
 * file of another function a function may include.
 */
const SHARED_FROM_OTHER_FUNCTIONS: Record<string, RegExp> = { worker: /^[a-z0-9-]+\/processor\.ts$/ }

/** Every local file in the function's module graph, as Deno (and so the deploy bundler) resolves it. */
function moduleGraph(name: string): string[] {
  const output = execFileSync(denoBinary(), ['info', '--json', join(FUNCTIONS_DIR, name, 'index.ts')], { cwd: ROOT, encoding: 'utf8' })
  const info = JSON.parse(output) as { modules: { specifier: string; local?: string }[] }
  return info.modules.flatMap((module) => (module.local && module.specifier.startsWith('file:') ? [relative(FUNCTIONS_DIR, module.local)] : []))
}

describe('each function bundles alone', () => {
  it('finds every function', () => {
    expect(FUNCTIONS).toEqual(
      expect.arrayContaining(['calcom-webhook-handler', 'checkout', 'daily-create-room', 'hosts', 'profile', 'session', 'stripe-payment-confirm', 'worker']),
    )
  })

  it.each(FUNCTIONS)('%s includes no other function’s folder', (name) => {
    const allowed = SHARED_FROM_OTHER_FUNCTIONS[name]
    const foreign = moduleGraph(name).filter((file) => {
      if (file.startsWith('..') || file.startsWith('_shared/') || file.startsWith(`${name}/`)) return false
      return !(allowed && allowed.test(file))
    })
    expect(foreign).toEqual([])
  })

  it.each(['calcom-webhook-handler', 'stripe-payment-confirm'])('the webhook function %s carries no provider adapter it never calls', (name) => {
    const graph = moduleGraph(name)
    expect(graph.filter((file) => /store\/airtable|rooms\/daily|rooms\/local|payments\/local|payments\/stripe\/(stripePayments|stripeClient)|auth\/local/.test(file))).toEqual([])
  })

  it('checkout carries the payments adapters but no rooms, and nothing of the local Auth stand-in', () => {
    const graph = moduleGraph('checkout')
    expect(graph.some((file) => file.startsWith('_shared/payments/stripe/'))).toBe(true)
    expect(graph.filter((file) => /rooms\/|auth\/local/.test(file))).toEqual([])
  })
})
