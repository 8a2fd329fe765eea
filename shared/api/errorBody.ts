import * as z from 'zod/mini'

/** What every function answers when it refuses or fails: `error` is for code, `message` for people. */
export const errorBodySchema = z.object({ error: z.string(), message: z.string() })

export type ErrorBody = z.infer<typeof errorBodySchema>
