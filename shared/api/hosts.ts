import * as z from 'zod/mini'

/** A host as `GET /hosts` shows them to anyone: the public profile, never contact details. */
export const publicHostSchema = z.object({
  id: z.string(),
  name: z.string(),
  bio: z.nullable(z.string()),
  personalityTags: z.array(z.string()),
  calLink: z.nullable(z.string()),
  timeZone: z.nullable(z.string()),
})

/** `GET /hosts`: the active hosts. */
export const hostsResponseSchema = z.object({ hosts: z.array(publicHostSchema) })

export type PublicHost = z.infer<typeof publicHostSchema>
