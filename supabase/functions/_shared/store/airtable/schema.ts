import { BOOKING_STATUSES, ROOM_STATUSES } from '../../../../../shared/domain/statuses.ts'
import {
  HOST_FIELDS as H,
  MEMBER_FIELDS as M,
  OPERATION_FIELDS as F,
  TABLES,
  TEMPLATE_FIELDS as T,
} from '../../../../../shared/operations/fields.ts'
import type { AirtableClient } from './client.ts'

/** One field the code reads or writes: the type to create it with, and the types that also work. */
export interface RequiredField {
  name: string
  type: string
  acceptedTypes: string[]
  /** Select options the code writes or filters on. */
  options?: readonly string[]
}

export interface RequiredTable {
  name: string
  fields: RequiredField[]
}

export interface SchemaReport {
  missingTables: string[]
  missingFields: Array<{ table: string; field: string; type: string }>
  wrongTypes: Array<{ table: string; field: string; expected: string; actual: string }>
  missingOptions: Array<{ table: string; field: string; option: string }>
}

const TEXT = ['singleLineText', 'multilineText', 'richText']

function field(name: string, type: string, alsoAccepted: string[] = [], options?: readonly string[]): RequiredField {
  return { name, type, acceptedTypes: [type, ...alsoAccepted.filter((t) => t !== type)], ...(options ? { options } : {}) }
}

/** Every table and field Presence needs, as `presence airtable check` expects to find them. */
export function requiredSchema(): RequiredTable[] {
  return [
    {
      name: TABLES.operations,
      fields: [
        field(F.bookingId, 'singleLineText'),
        field(F.roomUrl, 'url', ['singleLineText']),
        field(F.roomStatus, 'singleSelect', [], ROOM_STATUSES),
        field(F.bookingStatus, 'singleSelect', [], BOOKING_STATUSES),
        field(F.hostJoined, 'checkbox'),
        field(F.memberJoined, 'checkbox'),
        field(F.sessionStart, 'dateTime'),
        field(F.memberName, 'singleLineText', TEXT),
        field(F.hostName, 'singleLineText', TEXT),
        field(F.calUrl, 'url', ['singleLineText']),
        field(F.sessionEnd, 'dateTime'),
        field(F.title, 'singleLineText', TEXT),
        field(F.hostEmail, 'email', ['singleLineText']),
        field(F.hostId, 'singleLineText'),
        field(F.memberEmail, 'email', ['singleLineText']),
        field(F.memberPhone, 'phoneNumber', ['singleLineText']),
        field(F.memberId, 'singleLineText'),
        field(F.previousBookingIds, 'multilineText'),
        field(F.roomName, 'singleLineText'),
        field(F.cancellationReason, 'multilineText', TEXT),
        field(F.rescheduleRequested, 'checkbox'),
        field(F.hostRating, 'rating', ['number']),
        field(F.hostComment, 'multilineText', TEXT),
        field(F.memberRating, 'rating', ['number']),
        field(F.memberComment, 'multilineText', TEXT),
      ],
    },
    {
      name: TABLES.hosts,
      fields: [
        field(H.name, 'singleLineText', TEXT),
        field(H.email, 'email', ['singleLineText']),
        field(H.phone, 'phoneNumber', ['singleLineText']),
        field(H.bio, 'multilineText', TEXT),
        field(H.personalityTags, 'multipleSelects'),
        field(H.status, 'singleSelect', [], ['Active', 'Inactive']),
        field(H.calLink, 'singleLineText', ['url']),
        field(H.timeZone, 'singleLineText', ['singleSelect']),
      ],
    },
    {
      name: TABLES.members,
      fields: [
        field(M.name, 'singleLineText', TEXT),
        field(M.email, 'email', ['singleLineText']),
        field(M.phone, 'phoneNumber', ['singleLineText']),
        field(M.timeZone, 'singleLineText', ['singleSelect']),
        field(M.status, 'singleSelect', ['singleLineText']),
      ],
    },
    {
      name: TABLES.templates,
      fields: [field(T.name, 'singleLineText', ['singleSelect']), field(T.body, 'multilineText', TEXT)],
    },
  ]
}

/** Compares the live base (Meta API) with `requiredSchema()`. */
export async function checkAirtableSchema(client: AirtableClient): Promise<SchemaReport> {
  const tables = await client.listTables()
  const report: SchemaReport = { missingTables: [], missingFields: [], wrongTypes: [], missingOptions: [] }
  for (const required of requiredSchema()) {
    const table = tables.find((candidate) => candidate.name === required.name)
    if (!table) {
      report.missingTables.push(required.name)
      continue
    }
    for (const want of required.fields) {
      const have = table.fields.find((candidate) => candidate.name === want.name)
      if (!have) {
        report.missingFields.push({ table: required.name, field: want.name, type: want.type })
        continue
      }
      if (!want.acceptedTypes.includes(have.type)) {
        report.wrongTypes.push({ table: required.name, field: want.name, expected: want.type, actual: have.type })
        continue
      }
      const choices = new Set((have.options?.choices ?? []).map((choice) => choice.name))
      for (const option of want.options ?? []) {
        if (!choices.has(option)) report.missingOptions.push({ table: required.name, field: want.name, option })
      }
    }
  }
  return report
}

export function schemaIsComplete(report: SchemaReport): boolean {
  return (
    report.missingTables.length === 0 &&
    report.missingFields.length === 0 &&
    report.wrongTypes.length === 0 &&
    report.missingOptions.length === 0
  )
}
