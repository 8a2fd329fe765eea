import { z } from 'zod'

/** Shapes of what Daily's REST API answers, checked at the boundary. Unknown fields pass through. */

export const dailyRoomSchema = z.looseObject({
  name: z.string(),
  privacy: z.string(),
  url: z.string().optional(),
  // Daily leaves out properties that were never set.
  config: z.looseObject({ nbf: z.number().optional(), exp: z.number().optional() }).optional(),
})
export type DailyRoom = z.infer<typeof dailyRoomSchema>

export const dailyDeletedSchema = z.looseObject({ deleted: z.boolean(), name: z.string().optional() })

export const dailyDomainSchema = z.looseObject({ domain_name: z.string(), domain_id: z.string().min(1) })

/** Every Daily error reads `{"error": "<type>", "info": "<human text>"}`. */
const errorBodySchema = z.looseObject({ error: z.string(), info: z.string().optional() })

export interface DailyErrorDetail {
  type: string
  info: string
}

export function parseErrorBody(text: string): DailyErrorDetail {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { type: 'unknown', info: text.slice(0, 200) }
  }
  const parsed = errorBodySchema.safeParse(json)
  if (!parsed.success) return { type: 'unknown', info: text.slice(0, 200) }
  return { type: parsed.data.error, info: parsed.data.info ?? '' }
}
