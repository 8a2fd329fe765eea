import * as z from 'zod/mini'

/** An IANA zone this runtime knows (`Australia/Sydney`); Intl refuses any other. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return value !== ''
  } catch {
    return false
  }
}

export const NAME_MAX_LENGTH = 100

/** The Members record of the signed-in person, as the profile function shows it to them. */
export const profileMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.nullable(z.string()),
  timeZone: z.nullable(z.string()),
})

/** The Hosts record whose phone is the signed-in person's. */
export const profileHostSchema = z.object({ id: z.string(), name: z.string() })

/** `GET /profile` (and the answer to a POST): who the signed-in person is. `phone` is E.164. */
export const profileSchema = z.object({
  phone: z.string(),
  member: z.nullable(profileMemberSchema),
  host: z.nullable(profileHostSchema),
})

/** `POST /profile`: a first-time member's details. The phone is the signed-in one, never sent. */
export const createProfileRequestSchema = z.object({
  name: z.string().check(
    z.trim(),
    z.minLength(1, 'Enter your name.'),
    z.maxLength(NAME_MAX_LENGTH, `Your name can be at most ${NAME_MAX_LENGTH} characters.`),
  ),
  email: z.string().check(z.trim(), z.toLowerCase(), z.email('Enter an email address like name@example.com.')),
  timeZone: z.string().check(z.refine(isTimeZone, 'Choose a time zone from the list.')),
})

export type Profile = z.infer<typeof profileSchema>
export type ProfileMember = z.infer<typeof profileMemberSchema>
export type CreateProfileRequest = z.infer<typeof createProfileRequestSchema>
