import { execFileSync } from 'node:child_process'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { denoBinary } from '../../scripts/stack/deno.ts'

const FUNCTIONS_DIR = fileURLToPath(new URL('../../supabase/functions/', import.meta.url))

it('the profile function bundles the token check but not the local Auth stand-in or supabase-js', () => {
  const output = execFileSync(denoBinary(), ['info', '--json', `${FUNCTIONS_DIR}profile/index.ts`], { encoding: 'utf8' })
  const modules = (JSON.parse(output) as { modules: { specifier: string; local?: string }[] }).modules
  const local = modules.flatMap((module) => (module.local && module.specifier.startsWith('file:') ? [relative(FUNCTIONS_DIR, module.local)] : []))
  expect(local).toContain('_shared/auth/verifyAccessToken.ts')
  expect(local.filter((file) => file.includes('auth/local/'))).toEqual([])
  expect(modules.filter((module) => module.specifier.includes('supabase-js'))).toEqual([])
})
