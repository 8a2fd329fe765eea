import { z } from 'zod'

/**
 * Every variable the product reads, checked once. Missing or malformed values are all named in
 * one error so an operator fixes them in one go. Blank strings count as unset.
 */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined))
// Each problem says what the value must be, so the list alone tells an operator how to fix it.
const url = (fallback: string) => z.url({ protocol: /^https?$/, error: `must be an http:// or https:// URL, like ${fallback}` }).default(fallback)
const portProblem = { error: 'must be a port number from 1 to 65535' }
const port = (fallback: number) => z.coerce.number(portProblem).int(portProblem).min(1, portProblem).max(65535, portProblem).default(fallback)

const schema = z.object({
  DATABASE_URL: optionalText,
  SUPABASE_DB_URL: optionalText,
  APP_URL: url('http://127.0.0.1:5173'),
  FUNCTIONS_URL: optionalText,
  FUNCTIONS_PORT: port(54321),
  DB_PORT: port(54322),
  WEB_PORT: port(5173),
  WORKER_PORT: port(54325),
  LINK_SIGNING_SECRET: optionalText,
  SUPABASE_SERVICE_ROLE_KEY: optionalText,
  CALCOM_WEBHOOK_SECRET: optionalText,
  CALCOM_API_KEY: optionalText,
  CALCOM_API_URL: url('https://api.cal.com/v2'),
  CALCOM_APP_URL: url('https://app.cal.com'),
  AIRTABLE_API_KEY: optionalText,
  AIRTABLE_BASE_ID: optionalText.pipe(z.string().regex(/^app[A-Za-z0-9]{14}$/, 'must look like app followed by 14 letters or digits').optional()),
  AIRTABLE_API_URL: url('https://api.airtable.com'),
  DAILY_API_KEY: optionalText,
  DAILY_DOMAIN: optionalText.pipe(z.string().regex(/^[a-z0-9-]+$/, 'must be the subdomain alone, e.g. presence').optional()),
  DAILY_API_URL: url('https://api.daily.co/v1'),
  // Daily gives it base64 and signs with its decoded bytes.
  DAILY_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be the base64 secret Daily gives').optional()),
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_FROM: optionalText,
  TWILIO_MESSAGING_SERVICE_SID: optionalText,
  TWILIO_API_URL: url('https://api.twilio.com'),
  STRIPE_SECRET_KEY: optionalText,
  STRIPE_WEBHOOK_SECRET: optionalText,
  STRIPE_API_URL: url('https://api.stripe.com'),
  SUPABASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, like https://abc.supabase.co' }).optional()),
  SUPABASE_ANON_KEY: optionalText,
  SUPABASE_JWT_SECRET: optionalText,
  CANCELLATION_CUTOFF_HOURS: z.coerce
    .number({ error: 'must be a whole number of hours' })
    .int({ error: 'must be a whole number of hours' })
    .min(0, { error: 'must be 0 or more hours' })
    .max(24 * 30, { error: 'must be at most 720 hours' })
    .default(24),
})

type Raw = z.infer<typeof schema>

export interface Config {
  databaseUrl: string | undefined
  appUrl: string
  functionsUrl: string
  ports: { functions: number; db: number; web: number; worker: number }
  linkSigningSecret: string
  serviceRoleKey: string
  calcom: { webhookSecret: string | undefined; apiKey: string | undefined; apiUrl: string; appUrl: string }
  airtable: { apiKey: string; baseId: string; apiUrl: string } | undefined
  daily: { apiKey: string; domain: string; apiUrl: string; webhookSecret: string | undefined } | undefined
  twilio: { accountSid: string; authToken: string; from: string | undefined; messagingServiceSid: string | undefined; apiUrl: string } | undefined
  stripe: { secretKey: string; webhookSecret: string; apiUrl: string } | undefined
  /**
   * Supabase Auth. `local` when no SUPABASE_URL is set: the functions server then runs the
   * local stand-in for the phone-OTP endpoints at `url`, signing with the development secret.
   */
  auth: { url: string; anonKey: string; jwtSecret: string | undefined; local: boolean }
  /** A member's cancellation at least this long before the start returns the credit. */
  cancellationCutoffHours: number
  /** Secrets that must never be printed; used to redact logs. */
  secrets: string[]
}

/** Which adapter each provider uses, for the startup banner. */
export function describeProviders(config: Config): Record<string, string> {
  return {
    'Presence Operations store': config.airtable ? `Airtable (base ${config.airtable.baseId})` : 'Postgres (local stand-in for Airtable)',
    'Video rooms': config.daily ? `Daily.co (${config.daily.domain}.daily.co)` : 'local rooms (stand-in for Daily.co)',
    Attendance: !config.daily
      ? "the local rooms' own presence, read after each session"
      : config.daily.webhookSecret
        ? "Daily's webhooks (daily-webhook), and its meetings API after each session"
        : "Daily's meetings API after each session (set DAILY_WEBHOOK_SECRET for live updates)",
    'Cal.com webhooks': config.calcom.webhookSecret ? 'signed with CALCOM_WEBHOOK_SECRET' : 'development secret (set CALCOM_WEBHOOK_SECRET)',
    'Cal.com calendars': config.calcom.apiKey ? 'Cal.com (the SPA embeds VITE_CALCOM_ORIGIN)' : 'local booking pages at /local-cal (stand-in for Cal.com)',
    SMS: config.twilio
      ? `Twilio (${config.twilio.messagingServiceSid ? `Messaging Service ${config.twilio.messagingServiceSid}` : `from ${config.twilio.from}`})`
      : 'printed here and marked "logged" (stand-in for Twilio)',
    Payments: config.stripe ? `Stripe (${config.stripe.secretKey.startsWith('sk_live_') ? 'live' : 'test'} mode)` : 'local checkout (stand-in for Stripe)',
    'Sign-in': config.auth.local ? 'local Auth (stand-in for Supabase Auth; codes printed here)' : `Supabase Auth (${config.auth.url})`,
  }
}

/** Used only when no secret is configured, so the local stack works with no set-up. */
export const DEVELOPMENT_SECRETS = {
  calcomWebhook: 'presence-dev-calcom-secret',
  linkSigning: 'presence-dev-link-secret',
  serviceRole: 'presence-dev-service-role-key',
  stripeWebhook: 'whsec_presence-dev-stripe-secret',
  /** Signs the local Auth stand-in's JWTs (HS256, as Supabase's legacy JWT secret does). */
  jwt: 'presence-dev-jwt-secret-at-least-32-characters-long',
  /** Not a secret on Supabase either: the browser sends it. */
  anonKey: 'presence-dev-anon-key',
} as const

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * `production` refuses to fall back to the development secrets: a deployed function with no
 * CALCOM_WEBHOOK_SECRET must not accept deliveries signed with a value anyone can read here.
 */
export function loadConfig(env: Record<string, string | undefined>, options: { production?: boolean } = {}): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`))
  }
  const raw = parsed.data
  const problems = [
    ...pairProblems(raw, 'AIRTABLE_API_KEY', 'AIRTABLE_BASE_ID'),
    ...pairProblems(raw, 'DAILY_API_KEY', 'DAILY_DOMAIN'),
    ...pairProblems(raw, 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'),
    ...pairProblems(raw, 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'),
  ]
  if (raw.TWILIO_ACCOUNT_SID && !raw.TWILIO_FROM && !raw.TWILIO_MESSAGING_SERVICE_SID) {
    problems.push('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID: one is needed with TWILIO_ACCOUNT_SID')
  }
  if (options.production && raw.TWILIO_ACCOUNT_SID && !raw.FUNCTIONS_URL) {
    // Each SMS names FUNCTIONS_URL/sms-status as its status callback, and Twilio signs that URL.
    problems.push('FUNCTIONS_URL: required with TWILIO_ACCOUNT_SID when deployed (Twilio posts delivery states to FUNCTIONS_URL/sms-status)')
  }
  if (options.production) {
    // Without these a deployed function would fall back to a stand-in: free checkouts, or
    // sign-in tokens anyone who reads this file could mint.
    for (const name of ['CALCOM_WEBHOOK_SECRET', 'LINK_SIGNING_SECRET', 'SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_URL', 'STRIPE_SECRET_KEY'] as const) {
      if (!raw[name]) problems.push(`${name}: required when deployed`)
    }
  }
  if (problems.length > 0) throw new ConfigError(problems)

  const config: Config = {
    databaseUrl: raw.DATABASE_URL ?? raw.SUPABASE_DB_URL,
    appUrl: raw.APP_URL.replace(/\/$/, ''),
    functionsUrl: (raw.FUNCTIONS_URL ?? `http://127.0.0.1:${raw.FUNCTIONS_PORT}/functions/v1`).replace(/\/$/, ''),
    ports: { functions: raw.FUNCTIONS_PORT, db: raw.DB_PORT, web: raw.WEB_PORT, worker: raw.WORKER_PORT },
    linkSigningSecret: raw.LINK_SIGNING_SECRET ?? DEVELOPMENT_SECRETS.linkSigning,
    serviceRoleKey: raw.SUPABASE_SERVICE_ROLE_KEY ?? DEVELOPMENT_SECRETS.serviceRole,
    calcom: {
      webhookSecret: raw.CALCOM_WEBHOOK_SECRET,
      apiKey: raw.CALCOM_API_KEY,
      apiUrl: raw.CALCOM_API_URL,
      appUrl: raw.CALCOM_APP_URL.replace(/\/$/, ''),
    },
    airtable: raw.AIRTABLE_API_KEY && raw.AIRTABLE_BASE_ID ? { apiKey: raw.AIRTABLE_API_KEY, baseId: raw.AIRTABLE_BASE_ID, apiUrl: raw.AIRTABLE_API_URL } : undefined,
    daily:
      raw.DAILY_API_KEY && raw.DAILY_DOMAIN
        ? { apiKey: raw.DAILY_API_KEY, domain: raw.DAILY_DOMAIN, apiUrl: raw.DAILY_API_URL, webhookSecret: raw.DAILY_WEBHOOK_SECRET }
        : undefined,
    twilio:
      raw.TWILIO_ACCOUNT_SID && raw.TWILIO_AUTH_TOKEN
        ? { accountSid: raw.TWILIO_ACCOUNT_SID, authToken: raw.TWILIO_AUTH_TOKEN, from: raw.TWILIO_FROM, messagingServiceSid: raw.TWILIO_MESSAGING_SERVICE_SID, apiUrl: raw.TWILIO_API_URL }
        : undefined,
    stripe:
      raw.STRIPE_SECRET_KEY && raw.STRIPE_WEBHOOK_SECRET
        ? { secretKey: raw.STRIPE_SECRET_KEY, webhookSecret: raw.STRIPE_WEBHOOK_SECRET, apiUrl: raw.STRIPE_API_URL }
        : undefined,
    auth: raw.SUPABASE_URL
      ? { url: raw.SUPABASE_URL.replace(/\/$/, ''), anonKey: raw.SUPABASE_ANON_KEY ?? '', jwtSecret: raw.SUPABASE_JWT_SECRET, local: false }
      : {
          url: `http://127.0.0.1:${raw.FUNCTIONS_PORT}`,
          anonKey: raw.SUPABASE_ANON_KEY ?? DEVELOPMENT_SECRETS.anonKey,
          jwtSecret: raw.SUPABASE_JWT_SECRET ?? DEVELOPMENT_SECRETS.jwt,
          local: true,
        },
    cancellationCutoffHours: raw.CANCELLATION_CUTOFF_HOURS,
    secrets: [],
  }
  config.secrets = [
    raw.LINK_SIGNING_SECRET, raw.SUPABASE_SERVICE_ROLE_KEY, raw.CALCOM_WEBHOOK_SECRET, raw.CALCOM_API_KEY, raw.AIRTABLE_API_KEY,
    raw.DAILY_API_KEY, raw.DAILY_WEBHOOK_SECRET, raw.TWILIO_AUTH_TOKEN, raw.STRIPE_SECRET_KEY, raw.STRIPE_WEBHOOK_SECRET,
    raw.SUPABASE_JWT_SECRET,
  ].filter((secret): secret is string => Boolean(secret))
  return config
}

/** The Cal.com secret in force: the configured one, or the development one locally. */
export function calcomWebhookSecret(config: Config): string {
  return config.calcom.webhookSecret ?? DEVELOPMENT_SECRETS.calcomWebhook
}

/** The Stripe webhook secret in force: the configured one, or the local checkout's. */
export function stripeWebhookSecret(config: Config): string {
  return config.stripe?.webhookSecret ?? DEVELOPMENT_SECRETS.stripeWebhook
}

function pairProblems(raw: Raw, first: keyof Raw, second: keyof Raw): string[] {
  if (Boolean(raw[first]) === Boolean(raw[second])) return []
  const missing = raw[first] ? second : first
  return [`${String(missing)}: required with ${String(raw[first] ? first : second)}`]
}
