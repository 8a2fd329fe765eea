import { z } from 'zod'

/** Shapes of what Airtable's Web API answers, checked at the boundary. */

export const airtableRecordSchema = z.object({
  id: z.string(),
  createdTime: z.string(),
  // Airtable leaves out empty cells, so any field may be missing.
  fields: z.record(z.string(), z.unknown()),
})
export type AirtableRecord = z.infer<typeof airtableRecordSchema>

export const listPageSchema = z.object({
  records: z.array(airtableRecordSchema),
  offset: z.string().optional(),
})

export const upsertResultSchema = z.object({
  records: z.array(airtableRecordSchema),
  createdRecords: z.array(z.string()).optional(),
  updatedRecords: z.array(z.string()).optional(),
})
export type UpsertResult = z.infer<typeof upsertResultSchema>

export const updateResultSchema = z.object({ records: z.array(airtableRecordSchema) })

export const deleteResultSchema = z.object({
  records: z.array(z.object({ id: z.string(), deleted: z.boolean() })),
})

export const metaFieldSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  options: z
    .looseObject({ choices: z.array(z.looseObject({ name: z.string() })).optional() })
    .optional(),
})
export type MetaField = z.infer<typeof metaFieldSchema>

export const metaTableSchema = z.object({
  id: z.string(),
  name: z.string(),
  primaryFieldId: z.string().optional(),
  fields: z.array(metaFieldSchema),
})
export type MetaTable = z.infer<typeof metaTableSchema>

export const metaTablesSchema = z.object({ tables: z.array(metaTableSchema) })

/** Airtable words its errors three ways: `{error:{type,message}}`, `{error:"TYPE"}`, `{errors:[{error,message}]}` (429). */
const errorBodySchema = z.union([
  z.object({ error: z.object({ type: z.string(), message: z.string().optional() }) }),
  z.object({ error: z.string(), message: z.string().optional() }),
  z.object({ errors: z.array(z.object({ error: z.string(), message: z.string().optional() })).min(1) }),
])

export interface AirtableErrorDetail {
  type: string
  message: string
}

export function parseErrorBody(text: string): AirtableErrorDetail {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { type: 'UNKNOWN', message: text.slice(0, 200) }
  }
  const parsed = errorBodySchema.safeParse(json)
  if (!parsed.success) return { type: 'UNKNOWN', message: text.slice(0, 200) }
  const body = parsed.data
  if ('errors' in body) {
    const first = body.errors[0] as { error: string; message?: string }
    return { type: first.error, message: first.message ?? '' }
  }
  if (typeof body.error === 'string') return { type: body.error, message: 'message' in body ? (body.message ?? '') : '' }
  return { type: body.error.type, message: body.error.message ?? '' }
}
