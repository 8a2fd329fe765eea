import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { ConfigError, loadConfig, type Config } from '../../shared/config/loadConfig.ts'
import { describeError } from '../../supabase/functions/_shared/errors.ts'
import { DELIVERY_STATUSES, PROVIDERS, type DeliveryStatus, type Provider } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { JOB_STATUSES, type JobStatus } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { createPayoutLines } from '../../supabase/functions/_shared/payouts/payoutLines.ts'
import { paymentsOf } from '../../supabase/functions/_shared/runtime/build/payments.ts'
import { inboxOf, outboxOf, sessionsOf } from '../../supabase/functions/_shared/runtime/build/sessions.ts'
import { buildWorker } from '../../supabase/functions/worker/buildWorker.ts'
import { MESSAGE_STATES, type MessageState } from '../../shared/messages/messageRecord.ts'
import { BROADCAST_AUDIENCES, BROADCAST_ID, BROADCASTS, type BroadcastAudience, type BroadcastTemplate } from '../../supabase/functions/_shared/messages/broadcast/broadcasts.ts'
import { createMessageValues } from '../../supabase/functions/_shared/messages/messageValues.ts'
import { broadcastMembersOf } from '../../supabase/functions/_shared/runtime/build/broadcast.ts'
import { directoryOf } from '../../supabase/functions/_shared/runtime/build/directory.ts'
import { messageStatesOf } from '../../supabase/functions/_shared/runtime/build/messageStates.ts'
import { smsSenderOf } from '../../supabase/functions/_shared/runtime/build/messages.ts'
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
import { broadcastMessage } from './messagesBroadcast.ts'
import { listMessages } from './messagesList.ts'
import { retryMessages } from './messagesRetry.ts'
import { exportPayouts, listPayouts, markPayoutsPaid } from './payouts.ts'
import { listPurchases } from './purchasesList.ts'
import { createRefund } from './refundsCreate.ts'
import { replayWebhook } from './replay.ts'
import { redactSecrets } from './text.ts'
import { USAGE } from './usage.ts'
import { WEBHOOK_PROVIDERS, type WebhookProvider } from './webhookSignatures.ts'

export interface CliDeps extends CliIo {
  env: Record<string, string | undefined>
  fetch: typeof fetch
  /** Asks the operator a question on stdin (null once it has ended); without it a command that asks needs --yes. */
  prompt?: (question: string) => Promise<string | null>
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
        retryEvents({ inbox: inboxOf(rt), outbox: outboxOf(rt), sessions: sessionsOf(rt), worker: buildWorker(rt) }, { ...target, provider }, deps),
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
  'messages list': {
    options: {
      status: { type: 'string' },
      session: { type: 'string' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
    },
    run: ({ values, positionals }, config, deps) => {
      none(positionals, 'messages list')
      const state = values.status === undefined ? undefined : (oneOf(values.status, MESSAGE_STATES, '--status') as MessageState)
      const session = values.session === undefined ? undefined : nonEmpty(String(values.session), '--session')
      const options = { state, session, limit: positiveInteger(values.limit, '--limit'), json: values.json === true }
      return withRuntime(config, deps, (rt) => listMessages(messageStatesOf(rt), options, deps.print))
    },
  },
  'messages retry': {
    options: { failed: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
    run: ({ values, positionals }, config, deps) => {
      const target = idOrFailed(values, positionals, 'messages retry takes a message id or --failed: messages retry <id> | --failed [--force]', 'the message id')
      return withRuntime(config, deps, (rt) =>
        retryMessages({ sql: rt.sql, states: messageStatesOf(rt), outbox: outboxOf(rt), worker: buildWorker(rt) }, { ...target, force: values.force === true }, deps),
      )
    },
  },
  'messages broadcast': {
    options: {
      template: { type: 'string' },
      to: { type: 'string', default: 'members' },
      id: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
    },
    run: ({ values, positionals }, config, deps) => {
      none(positionals, 'messages broadcast')
      if (values.template === undefined) throw new UsageError(`messages broadcast needs --template: one of ${Object.keys(BROADCASTS).map((name) => `"${name}"`).join(', ')}`)
      const template = oneOf(values.template, Object.keys(BROADCASTS), '--template') as BroadcastTemplate
      const to = oneOf(values.to, BROADCAST_AUDIENCES, '--to') as BroadcastAudience
      const broadcastId = values.id === undefined ? undefined : String(values.id)
      if (broadcastId !== undefined && !BROADCAST_ID.test(broadcastId)) throw new UsageError(`--id must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit (got ${broadcastId})`)
      const options = { template, to, broadcastId, dryRun: values['dry-run'] === true, yes: values.yes === true }
      const prompt = deps.prompt ?? (() => Promise.resolve(null))
      return withRuntime(config, deps, (rt) => {
        const directory = directoryOf(rt)
        const fill = createMessageValues({ sql: rt.sql, directory, appUrl: rt.config.appUrl })[BROADCASTS[template]]
        return broadcastMessage({ ...deps, prompt, sql: rt.sql, directory, listMembers: broadcastMembersOf(rt), values: fill, outbox: outboxOf(rt), spacingMs: smsSenderOf(rt).spacingMs }, options)
      })
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
  'payouts list': {
    options: { due: { type: 'boolean', default: false }, host: { type: 'string' }, json: { type: 'boolean', default: false } },
    run: ({ values, positionals }, config, deps) => {
      none(positionals, 'payouts list')
      const options = { due: values.due === true, hostId: hostOption(values), json: values.json === true }
      return withRuntime(config, deps, (rt) => listPayouts(createPayoutLines(rt.sql), options, deps.print))
    },
  },
  'payouts export': {
    options: { csv: { type: 'string' }, due: { type: 'boolean', default: false }, host: { type: 'string' } },
    run: ({ values, positionals }, config, deps) => {
      none(positionals, 'payouts export')
      if (typeof values.csv !== 'string' || values.csv === '') throw new UsageError('payouts export needs a file: payouts export --csv <file>')
      const options = { file: values.csv, due: values.due === true, hostId: hostOption(values) }
      return withRuntime(config, deps, (rt) => exportPayouts(createPayoutLines(rt.sql), options, deps))
    },
  },
  'payouts mark-paid': {
    options: {},
    run: ({ positionals }, config, deps) => {
      if (positionals.length === 0) throw new UsageError('payouts mark-paid needs one or more payout ids: payouts mark-paid <id…>')
      const ids = positionals.map((id) => positiveInteger(id, 'a payout id'))
      return withRuntime(config, deps, (rt) => markPayoutsPaid(createPayoutLines(rt.sql), ids, deps))
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

function nonEmpty(value: string, what: string): string {
  if (value.trim() === '') throw new UsageError(`${what} needs a value`)
  return value
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

function hostOption(values: Record<string, unknown>): string | undefined {
  if (values.host === undefined) return undefined
  if (typeof values.host !== 'string' || values.host.trim() === '') throw new UsageError('--host needs a host id (the Hosts record id)')
  return values.host.trim()
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
