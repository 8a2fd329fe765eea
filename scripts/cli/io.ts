/** Where a command writes: results to stdout line by line, warnings and progress to stderr. */
export type Print = (line: string) => void

export interface TextStream {
  write(text: string): unknown
  /** A terminal gets a progress bar redrawn in place; a pipe or log gets plain lines. */
  isTTY?: boolean
}

export interface CliIo {
  print: Print
  stderr: TextStream
}

export function warn(io: CliIo, line: string): void {
  io.stderr.write(`${line}\n`)
}

/** 0 success, 1 the work failed, 2 the command or configuration is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const
