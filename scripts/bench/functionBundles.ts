import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { denoBinary } from '../stack/deno.ts'
import { REPO_ROOT } from '../stack/repoRoot.ts'

const run = promisify(execFile)
const FUNCTIONS_DIR = join(REPO_ROOT, 'supabase', 'functions')
/** Supabase's limit for one function's bundle. */
const EDGE_LIMIT_BYTES = 20 * 1024 * 1024

interface InfoModule {
  specifier: string
  kind?: string
  size?: number
}

/** The repository's own modules an entry reaches (npm packages and type files aside), as repo paths. */
async function localModules(entry: string): Promise<{ local: string[]; bytes: number }> {
  const { stdout } = await run(denoBinary(), ['info', '--json', entry], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 })
  const modules = (JSON.parse(stdout) as { modules: InfoModule[] }).modules
  const local = modules
    .filter((m) => m.specifier.startsWith('file:'))
    .map((m) => relative(REPO_ROOT, fileURLToPath(m.specifier)))
    .filter((path) => !path.startsWith('node_modules/') && !path.startsWith('..'))
  const bytes = modules.reduce((sum, m) => sum + (m.size ?? 0), 0)
  return { local, bytes }
}

/** `own 4; _shared 21 (db 1, errors.ts 1, http 3, …); shared/ 9 (calcom 2, …)` and every file of another function's folder. */
function describe(name: string, paths: string[]): { summary: string; foreign: string[] } {
  const groups = new Map<string, Map<string, number>>()
  const foreign: string[] = []
  const add = (group: string, sub: string) => {
    const subs = groups.get(group) ?? new Map<string, number>()
    subs.set(sub, (subs.get(sub) ?? 0) + 1)
    groups.set(group, subs)
  }
  for (const path of paths) {
    const parts = path.split('/')
    if (parts[0] === 'supabase' && parts[1] === 'functions') {
      if (parts[2] === name) add('own', '')
      else if (parts[2] === '_shared') add('_shared', parts[3]!)
      else {
        add('other functions', parts[2]!)
        foreign.push(parts.slice(2).join('/'))
      }
    } else if (parts[0] === 'shared') add('shared/', parts[1]!)
    else add('elsewhere', parts.slice(0, -1).join('/') || '(root)')
  }
  const order = ['own', '_shared', 'shared/', 'other functions', 'elsewhere']
  const summary = order
    .filter((group) => groups.has(group))
    .map((group) => {
      const subs = groups.get(group)!
      const total = [...subs.values()].reduce((a, b) => a + b, 0)
      const detail = [...subs].filter(([sub]) => sub !== '').sort(([a], [b]) => a.localeCompare(b))
      return detail.length > 0 ? `${group} ${total} (${detail.map(([sub, n]) => `${sub} ${n}`).join(', ')})` : `${group} ${total}`
    })
    .join('; ')
  return { summary, foreign }
}

/**
 * Each deployed function's bundle: `deno bundle` of its index.ts (npm packages included, as the
 * edge runtime would need them), against the 20 MB limit; and which of the repository's modules
 * it includes, so a reader sees that no function carries another's folder.
 */
export async function benchFunctionBundles(print: (line: string) => void): Promise<void> {
  const names = (await readdir(FUNCTIONS_DIR, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
    .map((entry) => entry.name)
    .sort()
  const outDir = await mkdtemp(join(tmpdir(), 'presence-functions-'))
  try {
    const rows: { name: string; bundle: number | string; infoBytes: number; summary: string; foreign: string[] }[] = []
    let bundled = true
    for (const name of names) {
      const entry = join('supabase', 'functions', name, 'index.ts')
      const out = join(outDir, `${name}.js`)
      let bundle: number | string
      try {
        await run(denoBinary(), ['bundle', '--quiet', '--platform', 'deno', '-o', out, entry], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' } })
        bundle = (await stat(out)).size
      } catch (error) {
        bundled = false
        bundle = `deno bundle failed: ${String((error as { stderr?: string }).stderr ?? error).trim().split('\n')[0]}`
      }
      const { local, bytes } = await localModules(entry)
      rows.push({ name, bundle, infoBytes: bytes, ...describe(name, local) })
    }
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`
    print(
      bundled
        ? 'Function bundles (`deno bundle --platform deno` of each supabase/functions/*/index.ts, npm packages included, unminified; edge limit 20 MB)'
        : 'Function bundles (`deno bundle` failed for some; for those, the sum of module sizes from `deno info --json` is shown instead; edge limit 20 MB)',
    )
    const width = Math.max(...rows.map((row) => row.name.length))
    for (const row of rows) {
      const size =
        typeof row.bundle === 'number'
          ? `${mb(row.bundle)} (${((row.bundle / EDGE_LIMIT_BYTES) * 100).toFixed(1)}% of the limit)`
          : `${mb(row.infoBytes)} by deno info (${row.bundle})`
      print(`  ${row.name.padEnd(width)}  ${size}`)
    }
    print('  local modules each includes, by folder:')
    for (const row of rows) print(`  ${row.name.padEnd(width)}  ${row.summary}`)
    const crossing = rows.filter((row) => row.foreign.length > 0)
    print(
      crossing.length === 0
        ? "  no function includes another function's folder"
        : `  from another function's folder: ${crossing.map((row) => `${row.name} includes ${row.foreign.join(', ')}`).join('; ')}`,
    )
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}
