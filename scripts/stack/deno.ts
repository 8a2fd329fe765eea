import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The Deno executable from the platform package in node_modules. The project depends on that
 * package (`@deno/linux-x64-glibc`) rather than the `deno` wrapper, whose optional packages for
 * other platforms the registry here does not serve, which breaks `npm ci`.
 */
export function denoBinary(): string {
  const libc = process.platform === 'linux' ? '-glibc' : ''
  const name = `@deno/${process.platform}-${process.arch}${libc}`
  try {
    const dir = dirname(createRequire(import.meta.url).resolve(`${name}/package.json`))
    return join(dir, process.platform === 'win32' ? 'deno.exe' : 'deno')
  } catch {
    throw new Error(`Deno is not installed for this platform: add ${name} to the dependencies (the project pins @deno/linux-x64-glibc).`)
  }
}

// `tsx scripts/stack/deno.ts <args>` runs Deno itself (used by `npm run typecheck`).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = spawnSync(denoBinary(), process.argv.slice(2), { stdio: 'inherit' })
  process.exit(result.status ?? 1)
}
