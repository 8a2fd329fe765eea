import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { ConfigError, loadConfig, type Config } from '../../shared/config/loadConfig.ts'
import { describeError } from '../../supabase/functions/_shared/errors.ts'
import { DELIVERY_STATUSES, PROVIDERS, type DeliveryStatus, type Provider } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { JOB_STATUSES, type JobStatus } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { paymentsOf } from '../../supabase/functions/_shared/runtime/build/payments.ts'
import { inboxOf, outboxOf, sessionsOf } from '../../supabase/functions/_shared/runtime/build/sessions.ts'
import { buildWorker } from '../../supabase/functions/worker/buildWorker.ts'
import { parsePhone } from '../../shared/auth/phone.ts'
import { runAirtableCheck } from './airtableCheck.ts'
import { listAuthCodes } from './authCodes.ts'
import { withRuntime } from './database.ts'
import { listEvents } from './eventsList.ts'
import { retryEvents } from './eventsRetry.ts'
import { showEvent } from './eventsShow.ts'
import { EXIT, warn, type CliIo } from './io.ts'
import { listJobs } from './jobsList.ts'
import { retryJobs } from './jobsRetry.ts'
import { printSessionLinks } from './links.ts'
import { listPurchases } from './purchasesList.ts'
import { createRefund } from './refundsCreate.ts'
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

const COMMANDS: Record<string, Command> = {
  replay: {
    options: { url: { type: 'string' }, provider: { type: 'string', default: 'calcom' } },
    run: ({ values, positionals }, config, deps) => {
      const file = single(positionals, 'replay needs one file: replay <file.json>')
      const provider = oneOf(values.provider, WEBHOOK_PROVIDERS, '--provider') as WebhookProvider
      const url = values.url === undefined ? undefined : httpUrl(String(values.url))
      return replayWebhook({ file, provider, url }, { ...deps, config })
    },
  },
  'events list': {
    options: {
      status: { type: 'string' },
      provider: { type: 'string' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
    },
    run: ({ values, positionals }, config, deps) => {
      none(positionals, 'events list')
      const status = values.status === undefined ? undefined : (oneOf(values.status, DELIVERY_STATUSES, '--status') as DeliveryStatus)
      const options = { status, provider: providerOf(values), limit: positiveInteger(values.limit, '--limit'), json: values.json === true }
      return withRuntime(config, deps, (rt) => listEvents(inboxOf(rt), options, deps.print))
    },
  },
  'events show': {
    options: { provider: { type: 'string' } },
    run: ({ values, positionals }, config, deps) => {
      const id = positiveInteger(single(positionals, 'events show needs a delivery id: events show <id>'), 'the delivery id')
      const provider = providerOf(values)
      return withRuntime(config, deps, (rt) => showEvent({ inbox: inboxOf(rt), sessions: sessionsOf(rt), outbox: outboxOf(rt) }, id, provider, deps.print))
    },
  },
  'events retry': {
    options: { failed: { type: 'boolean', default: false }, provider: { type: 'string' } },
    run: ({ values, positionals }, config, deps) => {
      const target = idOrFailed(values, positionals, 'events retry takes a delivery id or --failed: events retry <id> | --failed', 'the delivery id')
      const provider = providerOf(values)
      return withRuntime(config, deps, (rt) =>
        retryEvents({ inbox: inboxOf(rt), outbox: outboxOf(rt), worker: buildWorker(rt) }, { ...target, provider }, deps),
      )
    },
  },
  'jobs list': {
    options: {
      failed: { type: 'boolean', default: false },
      status: { type: 'string' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
    },
    run: ({ values, positionals }, config, deps) => {
      none(positionals, 'jobs list')
      const status = values.status === undefined ? undefined : (oneOf(values.status, JOB_STATUSES, '--status') as JobStatus)
      const failed = values.failed === true
      if (failed && status !== undefined && status !== 'failed') throw new UsageError(`--failed lists failed jobs; it cannot be combined with --status ${status}`)
      const options = { status: failed ? ('failed' as const) : status, limit: positiveInteger(values.limit, '--limit'), json: values.json === true }
      return withRuntime(config, deps, (rt) => listJobs(outboxOf(rt), options, deps.print))
    },
  },
  'jobs retry': {
    options: { failed: { type: 'boolean', default: false } },
    run: ({ values, positionals }, config, deps) => {
      const target = idOrFailed(values, positionals, 'jobs retry takes a job id or --failed: jobs retry <id> | --failed', 'the job id')
      return withRuntime(config, deps, (rt) => retryJobs({ outbox: outboxOf(rt), worker: buildWorker(rt) }, target, deps))
    },
  },
  links: {
    options: {},
    run: ({ positionals }, config, deps) => {
      const bookingId = single(positionals, 'links needs a booking id: links <bookingId>')
      return withRuntime(config, deps, (rt) => printSessionLinks({ sessions: sessionsOf(rt), config: rt.config }, bookingId, deps.print))
    },
  },
  'refunds create': {
    options: { 'unused-only': { type: 'boolean', default: false } },
    run: ({ values, positionals }, config, deps) => {
      const purchaseId = single(positionals, 'refunds create needs a purchase id: refunds create <purchase> [--unused-only]')
      return withRuntime(config, deps, (rt) =>
        createRefund({ ...deps, sql: rt.sql, payments: paymentsOf(rt), outbox: outboxOf(rt) }, { purchaseId, unusedOnly: values['unused-only'] === true }),
      )
    },
  },
  'purchases list': {
    options: { member: { type: 'string' }, limit: { type: 'string', default: '50' }, json: { type: 'boolean', default: false } },
    run: ({ values, positionals }, config, deps) => {
      none(positionals, 'purchases list')
      const options = { memberId: values.member === undefined ? undefined : String(values.member), limit: positiveInteger(values.limit, '--limit'), json: values.json === true }
      return withRuntime(config, deps, (rt) => listPurchases(rt.sql, options, deps.print))
    },
  },
  'auth codes': {
    options: { phone: { type: 'string' }, limit: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } },
    run: ({ values, positionals }, config, deps) => {
      none(positionals, 'auth codes')
      if (!config.auth.local) {
        warn(deps, `Sign-in uses Supabase Auth (${config.auth.url}): codes go out by SMS and are not kept here. Unset SUPABASE_URL to use the local stand-in.`)
        return Promise.resolve(EXIT.usage)
      }
      const phone = values.phone === undefined ? undefined : phoneOption(String(values.phone))
      const options = { phone, limit: positiveInteger(values.limit, '--limit'), json: values.json === true }
      return withRuntime(config, deps, (rt) => listAuthCodes(rt.sql, options, deps.print))
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

/** `<id>` or `--failed`, exactly one of them. */
function idOrFailed(values: Record<string, unknown>, positionals: string[], usage: string, what: string): { id: number } | { failed: true } {
  const all = values.failed === true
  if (all === (positionals.length > 0)) throw new UsageError(usage)
  return all ? { failed: true } : { id: positiveInteger(single(positionals, usage), what) }
}

function providerOf(values: Record<string, unknown>): Provider | undefined {
  return values.provider === undefined ? undefined : (oneOf(values.provider, PROVIDERS, '--provider') as Provider)
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

function phoneOption(value: string): string {
  const parsed = parsePhone(value)
  if (!parsed.ok) throw new UsageError(`--phone: ${parsed.message}`)
  return parsed.phone
}

function httpUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new UsageError(`--url must be an http(s) URL (got ${value})`)
  return value
}
