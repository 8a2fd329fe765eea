/** JSON-lines logging that never prints a configured secret, whatever field it hides in. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void
}

export function createLogger(options: { secrets: string[]; write?: (line: string) => void; quiet?: boolean }): Logger {
  const write = options.write ?? ((line: string) => console.log(line))
  const secrets = options.secrets.filter((secret) => secret.length >= 6)
  return {
    log(level, message, fields = {}) {
      if (options.quiet && level === 'debug') return
      let line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })
      for (const secret of secrets) line = line.split(secret).join('[redacted]')
      write(line)
    },
  }
}

export const silentLogger: Logger = { log() {} }
