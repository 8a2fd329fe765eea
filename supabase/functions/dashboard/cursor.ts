import * as z from 'zod/mini'
import { fromBase64, hmacSha256, timingSafeEqual, toBase64Url } from '../../../shared/crypto/hmac.ts'
import type { Role } from '../../../shared/sessions/sessionView.ts'
import { BadRequestError } from '../_shared/errors.ts'

/** Where a page of past sessions ended: the last one's (start, id), newest first. */
export interface PastCursor {
  start: Date
  id: string
}

/** Who a cursor was made for: it pages only their list. */
export interface CursorOwner {
  role: Role
  personId: string
}

const VERSION = 'c1'
const payloadSchema = z.object({ r: z.string(), p: z.string(), s: z.iso.datetime(), i: z.uuid() })

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

async function macOf(secret: string, body: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `presence-dashboard-cursor:${VERSION}:${body}`))
}

function fromBase64Url(text: string): Uint8Array {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)
  return fromBase64(padded)
}

/** `<base64url JSON>.<base64url HMAC>`: opaque to the browser, and refused if anything in it is changed. */
export async function signCursor(secret: string, owner: CursorOwner, at: PastCursor): Promise<string> {
  const body = toBase64Url(encoder.encode(JSON.stringify({ r: owner.role, p: owner.personId, s: at.start.toISOString(), i: at.id })))
  return `${body}.${await macOf(secret, body)}`
}

/** The position a cursor holds; any cursor not signed here for this person is a 400 that says nothing about why. */
export async function readCursor(secret: string, owner: CursorOwner, cursor: string): Promise<PastCursor> {
  const refused = new BadRequestError('This page link is not valid any more: start again from the first page.', 'invalid_cursor')
  const [body, mac, ...rest] = cursor.split('.')
  if (!body || !mac || rest.length > 0) throw refused
  if (!timingSafeEqual(await macOf(secret, body), mac)) throw refused
  let decoded: unknown
  try {
    decoded = JSON.parse(decoder.decode(fromBase64Url(body)))
  } catch {
    throw refused
  }
  const parsed = payloadSchema.safeParse(decoded)
  if (!parsed.success || parsed.data.r !== owner.role || parsed.data.p !== owner.personId) throw refused
  return { start: new Date(parsed.data.s), id: parsed.data.i }
}
