import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../test/support/ports.ts'

export interface PostgresServer {
  url: string
  stop(): void
}

/** The newest Debian PostgreSQL server binaries (`apt-get install postgresql`), or null. */
export function postgresServerBin(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b))
  return versions.length > 0 ? join(root, versions.at(-1)!, 'bin') : null
}

/**
 * A throwaway PostgreSQL server (Debian's) on a free port, in a fresh temporary cluster with
 * trust authentication on 127.0.0.1 only; `stop` removes it. As root it runs as the `postgres`
 * user, which PostgreSQL requires. Null when no server is installed.
 */
export async function startPostgresServer(): Promise<PostgresServer | null> {
  const bin = postgresServerBin()
  if (!bin) return null
  const dir = mkdtempSync(join(tmpdir(), 'presence-postgres-'))
  const port = await freePort()
  const asPostgres = (command: string, args: string[]) => {
    const root = process.getuid?.() === 0
    const result = root
      ? spawnSync('su', ['postgres', '-c', [command, ...args].map((arg) => `'${arg}'`).join(' ')], { encoding: 'utf8' })
      : spawnSync(command, args, { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`)
  }
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'db')
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres'])
  asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-l', join(dir, 'log'), '-w', 'start'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (existsSync(join(data, 'postmaster.pid'))) asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'])
      if (statSync(dir, { throwIfNoEntry: false })) rmSync(dir, { recursive: true, force: true })
    },
  }
}
