import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Rollup } from 'vite'
import { REPO_ROOT } from '../stack/localStack.ts'

/** Each route and the lazy page module that renders it (the landing page is in the entry chunk). */
const ROUTES: ReadonlyArray<{ path: string; page: string | null }> = [
  { path: '/', page: null },
  { path: '/host-selection', page: 'web/src/pages/HostSelectionPage.tsx' },
  { path: '/plans', page: 'web/src/pages/PlansPage.tsx' },
  { path: '/sign-in', page: 'web/src/pages/SignInPage.tsx' },
  { path: '/book', page: 'web/src/pages/BookPage.tsx' },
  { path: '/video-session', page: 'web/src/pages/VideoSessionPage.tsx' },
  { path: '/host', page: 'web/src/pages/HostDashboardPage.tsx' },
  { path: '/dashboard', page: 'web/src/pages/DashboardPage.tsx' },
]

/** The heavy libraries that must stay out of the routes that do not use them. */
const LIBRARIES: ReadonlyArray<{ name: string; module: string }> = [
  { name: 'Cal.com embed', module: '/node_modules/@calcom/' },
  { name: 'supabase-js', module: '/node_modules/@supabase/' },
  { name: 'daily-js', module: '/node_modules/@daily-co/daily-js/' },
]

const FIRST_ROUTE_TARGET_KB = 100

/**
 * Per route: the JavaScript a browser must load before the route renders (the entry chunk and
 * its static imports, plus the route's lazy page chunk and its static imports), and which of the
 * heavy libraries that includes or can load later (a dynamic import from that route's code).
 */
export async function benchWebBundle(print: (line: string) => void): Promise<void> {
  const chunks = await buildChunks()
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
  const gzipped = new Map(chunks.map((chunk) => [chunk.fileName, gzipSync(chunk.code).length]))
  const entry = chunks.find((chunk) => chunk.isEntry)
  if (!entry) throw new Error('the SPA build has no entry chunk')

  const closure = (roots: Rollup.OutputChunk[], follow: (chunk: Rollup.OutputChunk) => string[]): Set<Rollup.OutputChunk> => {
    const seen = new Set<Rollup.OutputChunk>()
    const visit = (chunk: Rollup.OutputChunk) => {
      if (seen.has(chunk)) return
      seen.add(chunk)
      for (const file of follow(chunk)) {
        const next = byFile.get(file)
        if (next) visit(next)
      }
    }
    roots.forEach(visit)
    return seen
  }
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  const sizeOf = (set: Iterable<Rollup.OutputChunk>) => [...set].reduce((sum, chunk) => sum + gzipped.get(chunk.fileName)!, 0)
  const holds = (set: Iterable<Rollup.OutputChunk>, module: string) => [...set].filter((chunk) => chunk.moduleIds.some((id) => id.includes(module)))

  const routes = ROUTES.map((route) => {
    const page = route.page ? chunks.find((chunk) => chunk.isDynamicEntry && chunk.facadeModuleId?.endsWith(route.page!)) : entry
    if (!page) return { ...route, found: false as const }
    const initial = closure([entry, page], (chunk) => chunk.imports)
    // The entry's lazy imports are the other routes' pages, so only what the page reaches counts as "later".
    const reach = (chunk: Rollup.OutputChunk) => (chunk === entry ? [] : [...chunk.imports, ...chunk.dynamicImports])
    const later = page === entry ? [] : [...closure([page], reach)].filter((chunk) => !initial.has(chunk))
    return { ...route, found: true as const, initial, later }
  })

  print('SPA initial JavaScript per route (production build, gzip)')
  for (const route of routes) {
    if (!route.found) {
      print(`  ${route.path}: page chunk for ${route.page} not found`)
      continue
    }
    const size = sizeOf(route.initial)
    const target = route.page === null ? ` (target ≤ ${FIRST_ROUTE_TARGET_KB} KB${size > FIRST_ROUTE_TARGET_KB * 1024 ? ': OVER' : ''})` : ''
    const included = LIBRARIES.flatMap((library) => {
      const held = holds(route.initial, library.module)
      return held.length > 0 ? [`${library.name} (in a ${kb(sizeOf(held))} chunk)`] : []
    })
    const onDemand = LIBRARIES.flatMap((library) => {
      const held = holds(route.later, library.module)
      return held.length > 0 ? [`${library.name} ${kb(sizeOf(held))}`] : []
    })
    print(
      `  ${route.path.padEnd(15)} ${kb(size).padStart(9)}${target}` +
        `; includes ${included.length ? included.join(', ') : 'no embed or SDK'}` +
        (onDemand.length ? `; loads on demand: ${onDemand.join(', ')}` : ''),
    )
  }
  for (const library of LIBRARIES) {
    const users = routes.filter((route) => route.found && holds([...route.initial, ...route.later], library.module).length > 0).map((route) => route.path)
    const inEntry = holds(closure([entry], (chunk) => chunk.imports), library.module).length > 0
    print(`  ${library.name}: ${inEntry ? 'IN THE ENTRY CHUNK (every route loads it)' : users.length ? `only on ${users.join(', ')}` : 'not in the build'}`)
  }
}

/** A production build in memory (nothing written), as its output chunks. */
async function buildChunks(): Promise<Rollup.OutputChunk[]> {
  const previous = process.env.NODE_ENV
  // Vite takes NODE_ENV from the process; the bench measures what ships.
  process.env.NODE_ENV = 'production'
  try {
    const output = await build({ configFile: join(REPO_ROOT, 'web', 'vite.config.ts'), mode: 'production', logLevel: 'silent', build: { write: false } })
    const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[]
    return outputs.flatMap((result) => result.output.filter((item): item is Rollup.OutputChunk => item.type === 'chunk'))
  } finally {
    process.env.NODE_ENV = previous
  }
}
