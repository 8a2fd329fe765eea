import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { REPO_ROOT } from '../stack/localStack.ts'

interface ManifestChunk {
  file: string
  src?: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
}

/**
 * The JavaScript a browser must load before a route can render: the entry chunk and everything
 * it imports statically, plus the route's own lazy page chunk and its static imports.
 */
export async function benchWebBundle(print: (line: string) => void): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'presence-bundle-'))
  try {
    await measure(outDir, print)
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}

async function measure(outDir: string, print: (line: string) => void): Promise<void> {
  const previous = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile: join(REPO_ROOT, 'web', 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true, manifest: true } })
  } finally {
    process.env.NODE_ENV = previous
  }
  const manifest = JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  const gzipOf = async (file: string) => gzipSync(await readFile(join(outDir, file))).length
  const closure = (keys: string[], seen = new Set<string>()): Set<string> => {
    for (const key of keys) {
      if (seen.has(key) || !manifest[key]) continue
      seen.add(key)
      closure(manifest[key].imports ?? [], seen)
    }
    return seen
  }
  const sizeOf = async (keys: Set<string>) => (await Promise.all([...keys].map((key) => gzipOf(manifest[key]!.file)))).reduce((a, b) => a + b, 0)
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!
  const initial = closure([entryKey])
  const pageKey = Object.keys(manifest).find((key) => /VideoSessionPage\.tsx$/.test(key))
  const sessionRoute = closure(pageKey ? [entryKey, pageKey] : [entryKey])
  const dailyKeys = Object.keys(manifest).filter((key) => key.includes('@daily-co/daily-js'))
  const dailyInInitial = dailyKeys.some((key) => sessionRoute.has(key) || initial.has(key))
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

  print('SPA initial JavaScript (production build, gzip)')
  print(`  first route (/): ${kb(await sizeOf(initial))} (target < 100 KB)`)
  print(`  /video-session: ${kb(await sizeOf(sessionRoute))}${pageKey ? '' : ' (page chunk not found)'}`)
  print(
    dailyKeys.length === 0
      ? '  daily-js: not in the build'
      : `  daily-js: its own chunk, ${kb(await sizeOf(new Set(dailyKeys)))}, loaded on Join; in an initial chunk: ${dailyInInitial ? 'YES (wrong)' : 'no'}`,
  )
}
