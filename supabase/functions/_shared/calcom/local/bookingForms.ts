import { z } from 'zod'
import { BadRequestError } from '../../errors.ts'
import { isTimeZone } from './zonedTime.ts'

/** Blank form fields count as not given. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional())

const start = z.iso.datetime({ offset: true, error: 'Choose a time' })
const timeZone = optional(z.string().refine(isTimeZone, 'is not a time zone'))

export const bookingFormSchema = z.object({
  start,
  name: z.string({ error: 'Enter your name' }).trim().min(1, 'Enter your name').max(200, 'Your name is longer than 200 characters'),
  email: z.string({ error: 'Enter your email address' }).trim().pipe(z.email('Enter a valid email address').max(254)),
  attendeePhoneNumber: optional(
    z
      .string()
      .trim()
      .regex(/^\+[1-9]\d{6,14}$/, 'Enter the phone number in international format, such as +61400000000'),
  ),
  timeZone,
})
export type BookingForm = z.infer<typeof bookingFormSchema>

export const rescheduleFormSchema = z.object({ start })

/** The booking page's two buttons: Cancel, and Send again for a webhook Presence did not take. */
export const bookingActionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('cancel'), cancellationReason: optional(z.string().trim().max(1000, 'The reason is longer than 1000 characters')) }),
    z.object({ action: z.literal('resend'), webhook: z.coerce.number({ error: 'Say which webhook to send' }).int().positive() }),
  ],
  { error: 'Choose Cancel session or Send again' },
)

/** `metadata[key]=value` from the embed's config, as Cal.com takes it; bounded, as it is stored. */
const metadataSchema = z
  .record(z.string().min(1).max(64), z.string().max(500, 'a metadata value is longer than 500 characters'))
  .refine((entries) => Object.keys(entries).length <= 20, 'at most 20 metadata entries')

/** The embed namespace (`?embed=`), echoed into every message the page posts. */
const namespaceSchema = z.string().regex(/^[A-Za-z0-9_-]{0,64}$/, 'the embed namespace must be letters, digits, _ or -, at most 64')

export function metadataFrom(params: URLSearchParams): Record<string, string> {
  const entries: Record<string, string> = {}
  for (const [key, value] of params) {
    const match = /^metadata\[(.+)\]$/.exec(key)
    if (match) entries[match[1]!] = value
  }
  const parsed = metadataSchema.safeParse(entries)
  if (!parsed.success) throw new BadRequestError(`The booking link's metadata is not valid: ${describe(parsed.error)}`)
  return parsed.data
}

export function namespaceFrom(params: URLSearchParams): string | null {
  const value = params.get('embed')
  if (value === null) return null
  const parsed = namespaceSchema.safeParse(value)
  if (!parsed.success) throw new BadRequestError(describe(parsed.error))
  return parsed.data
}

/** A urlencoded form body, checked with `schema`; the first problem is the page's message. */
export function parseForm<T extends z.ZodType>(schema: T, raw: Uint8Array): z.infer<T> {
  const fields = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(raw)))
  const parsed = schema.safeParse(fields)
  if (!parsed.success) throw new BadRequestError(describe(parsed.error), 'invalid_form')
  return parsed.data
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'The form is not valid'
  const field = issue.path.join('.')
  return /^[A-Z]/.test(issue.message) || !field ? issue.message : `${field} ${issue.message}`
}
