import { z } from 'zod'
import type { MessageKind } from '../../../../shared/messages/catalogue.ts'
import { isPlanId, PLANS } from '../../../../shared/plans/catalog.ts'
import type { Sql } from '../db/connect.ts'
import { purchaseColumns, UUID, type PurchaseRow } from '../payments/purchases.ts'
import { createSessionMessageValues } from '../scheduler/sessionMessages.ts'
import { createThankYouValues } from '../attendance/thankYou.ts'
import { createBroadcastValues } from './broadcast/broadcastValues.ts'
import type { Directory } from '../store/directory.ts'

/** The person a message goes to, as read now (their current name, phone and zone). */
export interface Recipient {
  id: string
  name: string | null
  phone: string | null
  timeZone: string | null
}

export type PlaceholderValues = Record<string, string | null>

/** Fills one kind of message's placeholders from its job's payload. */
export type ValuesFor = (payload: Record<string, unknown>, recipient: Recipient) => Promise<PlaceholderValues>

export interface MessageValuesDeps {
  sql: Sql
  directory: Directory
  appUrl: string
  /** Signs each recipient's own session link in messages about a session; without it `{{joinUrl}}` has no value. */
  linkSecret?: string
}

/** Whatever is missing stays null: the template check names it, and nothing is sent. */
export function createMessageValues(deps: MessageValuesDeps): Record<MessageKind, ValuesFor> {
  return {
    ...createSessionMessageValues({ sql: deps.sql, appUrl: deps.appUrl, linkSecret: deps.linkSecret ?? null }),
    'post-session-thank-you': createThankYouValues({ sql: deps.sql, appUrl: deps.appUrl }),
    holiday: createBroadcastValues({ appUrl: deps.appUrl }),
    'payment-confirmation': async (payload, recipient) => {
      const { purchaseId } = z.object({ purchaseId: z.string().regex(UUID, 'must be a purchase id') }).parse(payload)
      const [purchase] = await deps.sql<PurchaseRow[]>`select ${purchaseColumns(deps.sql)} from purchases where id = ${purchaseId}`
      const host = purchase ? await deps.directory.getHost(purchase.hostId) : null
      return {
        memberName: recipient.name,
        planName: purchase && isPlanId(purchase.plan) ? PLANS[purchase.plan].name : null,
        hostName: host?.name ?? purchase?.hostName ?? null,
        bookUrl: purchase ? `${deps.appUrl}/book?purchase=${encodeURIComponent(purchase.id)}` : null,
      }
    },
  }
}
