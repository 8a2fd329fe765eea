import { ConfigError } from '../../shared/config/loadConfig.ts'
import { DatabaseUnreachableError } from './databaseCheck.ts'
import { PortClashError, PortInUseError } from './ports.ts'
import { NotAnsweringError } from './readiness.ts'

/**
 * What to tell someone whose `npm start` failed for a reason they can fix, or undefined for a
 * fault of ours, whose stack trace is the useful part.
 */
export function explainStartupError(error: unknown): string | undefined {
  if (error instanceof ConfigError) {
    return `${error.message}\nFix them in .env (.env.example describes each variable) or in the environment you start from, then run npm start again.`
  }
  if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    return `${(error as Error).message}\nUsage: npm start [-- --data-dir <dir>]`
  }
  const fixable = [PortInUseError, PortClashError, DatabaseUnreachableError, NotAnsweringError]
  return fixable.some((kind) => error instanceof kind) ? (error as Error).message : undefined
}
