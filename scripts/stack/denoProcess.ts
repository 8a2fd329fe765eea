import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { EXIT_WITH_PARENT } from './childEnv.ts'
import { denoBinary } from './deno.ts'
import { isAddressInUse, PortInUseError, type NeededPort } from './ports.ts'
import { REPO_ROOT } from './repoRoot.ts'

/** What the functions server and the worker may do: the same for both, so they behave alike. */
const PERMISSIONS = ['--allow-net', '--allow-env', '--allow-read', '--allow-sys']

export interface DenoProcessOptions {
  /** Entry file, relative to the repository root. */
  script: string
  /** The line the script prints once it is listening. */
  readyLine: string
  /** The port it listens on, to name it if the port turns out to be taken. */
  port: NeededPort
  env: Record<string, string | undefined>
  onOutput: (line: string) => void
}

/**
 * Runs a Deno script and resolves once it prints its ready line. Output before that is held
 * back: if the process dies first, a taken port becomes a PortInUseError (Deno's stack trace
 * says nothing a newcomer can act on), and anything else an error carrying that output.
 */
export function startDenoProcess(options: DenoProcessOptions): Promise<ChildProcess> {
  // stdin stays open for the child's life: when it closes, the parent is gone (even killed with
  // SIGKILL) and the child exits too, instead of running on with nobody to stop it.
  const child = spawn(denoBinary(), ['run', '--quiet', '--no-prompt', ...PERMISSIONS, options.script], {
    cwd: REPO_ROOT,
    env: { ...options.env, NO_COLOR: '1', [EXIT_WITH_PARENT]: '1' } as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let ready = false
    const early: string[] = []
    // Only the whole line on stdout counts: Deno's stack trace for a failed listen quotes the
    // source line that would have printed it.
    const onLine = (line: string, fromStdout: boolean) => {
      if (!line) return
      if (ready) options.onOutput(line)
      else if (fromStdout && line.trim() === options.readyLine) {
        ready = true
        early.forEach((held) => options.onOutput(held))
        resolve(child)
      } else early.push(line)
    }
    createInterface({ input: child.stdout }).on('line', (line) => onLine(line, true))
    createInterface({ input: child.stderr }).on('line', (line) => onLine(line, false))
    child.once('error', reject)
    // 'close' rather than 'exit': by then every line the process wrote has been read.
    child.once('close', (code, signal) => {
      if (ready) return
      if (early.some(isAddressInUse)) reject(new PortInUseError([options.port]))
      else reject(new Error(`${options.script} stopped (${signal ?? `exit code ${code}`}) before it was ready:\n${early.join('\n')}`))
    })
  })
}

/** SIGTERM, then SIGKILL if it has not gone within 5 seconds. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
