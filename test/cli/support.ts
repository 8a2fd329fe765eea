import type { CliIo } from '../../scripts/cli/io.ts'

/** Captures what a command prints: stdout lines, and stderr as written (progress included). */
export function captureIo(options: { tty?: boolean } = {}): CliIo & { out: string[]; err: () => string } {
  const out: string[] = []
  let err = ''
  return {
    out,
    err: () => err,
    print: (line) => out.push(line),
    stderr: { isTTY: options.tty ?? false, write: (text: string) => (err += text) },
  }
}
