import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { ConfigError, loadConfig, type Config } from '../../shared/config/loadConfig.ts'
import { describeError } from '../../supabase/functions/_shared/errors.ts'
import type { DeliveryStatus } from '../../supabase/functions/_shared/ledger/deliveries.ts'
import { runAirtableCheck } from './airtableCheck.ts'
import { withAppContext } from './database.ts'
import { listEvents } from './eventsList.ts'
import { retryEvents } from './eventsRetry.ts'
import { showEvent } from './eventsShow.ts'
import { EXIT, warn, type CliIo } from './io.ts'
import { printSessionLinks } from './links.ts'
import { replayWebhook } from './replay.ts'
import { redactSecrets } from './text.ts'
import { USAGE } from './usage.ts'
import { WEBHOOK_PROVIDERS, type WebhookProvider } from './webhookSignatures.ts'

export interface CliDeps extends CliIo {
  env: Record<string, string | undefined>
  fetch: typeof fetch
}

interface Parsed {
  values: Record<string, unknown>
  positionals: string[]
}

interface Command {
  options: ParseArgsOptionsConfig
  run(args: Parsed, config: Config, deps: CliDeps): Promise<number>
}

/** A mistake in how the command was typed: reported with a pointer to the usage, exit 2. */
class UsageError extends Error {}

const STATUSES: DeliveryStatus[] = ['pending', 'processed', 'ignored', 'failed']

const COMMANDS: Record<string, Command> = {
  replay: {
    options: { url: { type: 'string' }, provider: { type: 'string', default: 'calcom' } },
    run: ({ values, positionals }, config, deps) => {
      const file = single(positionals, 'replay needs one file: replay <file.json>')
      const provider = oneOf(values.provider, WEBHOOK_PROVIDERS, '--provider')
      const url = values.url === undefined ? undefined : httpUrl(String(values.url))
      return replayWebhook({ file, provider: provider as WebhookProvider, url }, { ...deps, config })
    },
  },
  'events list': {
    options: { status: { type: 'string' }, limit: { type: 'string', default: '50' }, json: { type: 'boolean', default: false } },
    run: ({ values, positionals }, config, deps) => {
      none(positionals, 'events list')
      const status = values.status === undefined ? undefined : (oneOf(values.status, STATUSES, '--status') as DeliveryStatus)
      const limit = positiveInteger(values.limit, '--limit')
      return withAppContext(config, deps, (ctx) => listEvents(ctx, { status, limit, json: values.json === true }, deps.print))
    },
  },
  'events show': {
    options: {},
    run: ({ positionals }, config, deps) => {
      const id = positiveInteger(single(positionals, 'events show needs a delivery id: events show <id>'), 'the delivery id')
      return withAppContext(config, deps, (ctx) => showEvent(ctx, id, deps.print))
    },
  },
  'events retry': {
    options: { failed: { type: 'boolean', default: false } },
    run: ({ values, positionals }, config, deps) => {
      const all = values.failed === true
      if (all === (positionals.length > 0)) throw new UsageError('events retry takes a delivery id or --failed: events retry <id> | --failed')
      const target = all ? { failed: true as const } : { id: positiveInteger(single(positionals, 'events retry takes one delivery id'), 'the delivery id') }
      return withAppContext(config, deps, (ctx) => retryEvents(ctx, target, deps))
    },
  },
  links: {
    options: {},
    run: ({ positionals }, config, deps) => {
      const bookingId = single(positionals, 'links needs a booking id: links <bookingId>')
      return withAppContext(config, deps, (ctx) => printSessionLinks(ctx, bookingId, deps.print))
    },
  },
  'airtable check': {
    options: {},
    run: async ({ positionals }, config, deps) => {
      none(positionals, 'airtable check')
      if (!config.airtable) {
        warn(deps, 'airtable check needs AIRTABLE_API_KEY and AIRTABLE_BASE_ID; set them in the environment or in .env.')
        return EXIT.usage
      }
      return runAirtableCheck(config.airtable, deps.print)
    },
  },
}

/** `npm run presence -- <command>`: parses, loads config, runs the command, returns the exit code. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const [first, second] = argv
  if (first === undefined || first === 'help' || argv.includes('--help') || argv.includes('-h')) {
    deps.print(USAGE)
    return EXIT.ok
  }
  const name = second !== undefined && `${first} ${second}` in COMMANDS ? `${first} ${second}` : first
  const command = COMMANDS[name]
  if (!command) {
    warn(deps, `Unknown command: ${argv.slice(0, 2).join(' ')}\n\n${USAGE}`)
    return EXIT.usage
  }

  let config: Config | undefined
  try {
    const args = parseArgs({ args: argv.slice(name.split(' ').length), options: command.options, allowPositionals: true, strict: true })
    config = loadConfig(deps.env)
    return await command.run(args, config, deps)
  } catch (error) {
    if (error instanceof ConfigError) {
      warn(deps, error.message)
      return EXIT.usage
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      warn(deps, `${(error as Error).message}\nRun npm run presence -- help for usage.`)
      return EXIT.usage
    }
    warn(deps, `Error: ${redactSecrets(describeError(error), config?.secrets ?? [])}`)
    return EXIT.failed
  }
}

function single(positionals: string[], message: string): string {
  if (positionals.length !== 1) throw new UsageError(message)
  return positionals[0]!
}

function none(positionals: string[], command: string): void {
  if (positionals.length > 0) throw new UsageError(`${command} takes no arguments (got ${positionals.join(' ')})`)
}

function oneOf(value: unknown, allowed: readonly string[], what: string): string {
  if (typeof value !== 'string' || !allowed.includes(value)) throw new UsageError(`${what} must be one of ${allowed.join(', ')}`)
  return value
}

function positiveInteger(value: unknown, what: string): number {
  const number = Number(value)
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new UsageError(`${what} must be a positive whole number (got ${String(value)})`)
  }
  return number
}

function httpUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new UsageError(`--url must be an http(s) URL (got ${value})`)
  return value
}
