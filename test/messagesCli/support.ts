import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { runCli } from '../../scripts/cli/run.ts'
import { loadConfig } from '../../shared/config/loadConfig.ts'
import { DEFAULT_TEMPLATES } from '../../scripts/db/seed.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createRuntime, type Runtime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import type { TestDatabase } from '../support/database.ts'
import { captureIo } from '../cli/support.ts'
import { createFakeTwilio } from '../messages/twilioHandlers.ts'

export const ACCOUNT = 'AC-test-messages-cli'
export const AUTH_TOKEN = 'messages-cli-test-token'
export const TWILIO_URL = 'https://twilio.test'
export const FROM = '+61480000042'
export const APP_URL = 'https://presence.test'

/** Twilio's Messages API as msw handlers (test/messages/twilioHandlers.ts), for the whole file. */
export function useFakeTwilio() {
  const twilio = createFakeTwilio({ accountSid: ACCOUNT, authToken: AUTH_TOKEN, apiUrl: TWILIO_URL })
  const server = setupServer(...twilio.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return twilio
}

/** The settings a deployment with Twilio has, on the test database. */
export function twilioEnv(db: TestDatabase): Record<string, string> {
  return { DATABASE_URL: db.url, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: FROM, TWILIO_API_URL: TWILIO_URL, APP_URL }
}

/** `npm run presence -- …` as the operator runs it; `answers` are typed at its prompts, in order. */
export async function cli(db: TestDatabase, argv: string[], options: { answers?: (string | null)[]; env?: Record<string, string> } = {}) {
  const io = captureIo()
  const answers = [...(options.answers ?? [])]
  const questions: string[] = []
  const prompt = async (question: string) => {
    questions.push(question)
    return answers.length > 0 ? answers.shift()! : null
  }
  const code = await runCli(argv, { ...io, env: { ...twilioEnv(db), ...options.env }, fetch, prompt })
  return { code, out: io.out, text: io.out.join('\n'), err: io.err(), questions }
}

/** The runtime the worker builds from the same settings: the production wiring, with Twilio (msw) and the Postgres store. */
export function twilioRuntime(db: TestDatabase): Runtime {
  return createRuntime({ ...loadConfig(twilioEnv(db)), databaseUrl: db.url }, { log: silentLogger, databaseMaxConnections: 2 })
}

export async function seedTemplates(sql: Sql): Promise<void> {
  for (const [name, body] of Object.entries(DEFAULT_TEMPLATES)) {
    await sql`insert into templates (name, body) values (${name}, ${body}) on conflict (name) do update set body = excluded.body`
  }
}

export async function addMember(sql: Sql, member: { name: string; phone: string | null; timeZone?: string; email?: string }): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into members (name, email, phone, time_zone)
    values (${member.name}, ${member.email ?? `${crypto.randomUUID()}@members.example`}, ${member.phone}, ${member.timeZone ?? 'UTC'}) returning id::text`
  return row!.id
}

export async function addHost(sql: Sql, host: { name: string; phone: string | null; timeZone?: string; email?: string; status?: string }): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into hosts (name, email, phone, time_zone, status)
    values (${host.name}, ${host.email ?? `${crypto.randomUUID()}@hosts.example`}, ${host.phone}, ${host.timeZone ?? 'UTC'}, ${host.status ?? 'Active'}) returning id::text`
  return row!.id
}

/** An IANA zone whose clock reads between 10:00 and 18:00 now: daytime for a few hours, whenever the test runs. */
export function daytimeZoneNow(): string {
  const zone = Intl.supportedValuesOf('timeZone').find((candidate) => {
    const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: candidate, hour: 'numeric', hourCycle: 'h23' }).format(new Date()))
    return hour >= 10 && hour < 18
  })
  if (!zone) throw new Error('no zone in daytime now')
  return zone
}

/** A zone where it is between 00:00 and 05:00 now: the recipient's night. */
export function nightZoneNow(): string {
  const zone = Intl.supportedValuesOf('timeZone').find((candidate) => {
    const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: candidate, hour: 'numeric', hourCycle: 'h23' }).format(new Date()))
    return hour >= 0 && hour < 5
  })
  if (!zone) throw new Error('no zone at night now')
  return zone
}
