import type { Host } from '../../../../../shared/operations/record.ts'
import type { Sql } from '../../db/connect.ts'
import { AppError, describeError, MethodNotAllowedError, NotFoundError } from '../../errors.ts'
import { readBodyWithLimit } from '../../http/requestGuards.ts'
import type { Logger } from '../../runtime/logger.ts'
import type { Directory } from '../../store/directory.ts'
import { bookingActionSchema, bookingFormSchema, metadataFrom, namespaceFrom, parseForm, rescheduleFormSchema } from './bookingForms.ts'
import {
  cancelBooking,
  createBooking,
  findBooking,
  type LocalBooking,
  type QueuedWebhook,
  recordWebhookOutcome,
  rescheduleBooking,
  SlotTakenError,
  takenStarts,
  wasDelivered,
  webhooksFor,
  weeklyHoursFor,
} from './calendarTables.ts'
import { calLinkPath } from './calLinks.ts'
import { type AttendeeFields, type BookingNotice, renderBookingPage, renderBookingView, renderProblem, renderReschedulePage } from './calendarPages.ts'
import { newBookingUid, pageAddress, type Route, routeOf } from './calendarRoutes.ts'
import { embedBridgeScriptSource } from './embedBridge.ts'
import { bookedEvents, cancelledEvents, type EmbedEvent, rescheduledEvents } from './embedEvents.ts'
import { postWebhook, type WebhookTarget } from './postWebhook.ts'
import { freeSlots, SESSION_MINUTES, type Slot } from './schedule.ts'
import { bookingCancelled, bookingCreated, bookingRescheduled } from './webhookPayloads.ts'

export interface LocalCalendarDeps {
  sql: Sql
  /** Hosts by `Cal.com Link` (active ones only take bookings) and by id (for existing bookings). */
  directory: Pick<Directory, 'listActiveHosts' | 'getHost'>
  /** calcom-webhook-handler, and the secret Cal.com would sign with. */
  webhook: WebhookTarget
  /** The embed script parent pages load (embed-core's own embed.js). */
  embedScript: () => Promise<string>
  /** Origins allowed to frame the pages: the SPA's. */
  embedders: string[]
  log: Logger
  /** Where the pages are served; `/local-cal` on the functions server. */
  basePath?: string
  now?: () => Date
  newUid?: () => string
}

const FORM_LIMIT = 64 * 1024
const EMBED_SCRIPT_PATH = '/embed/embed.js'

class BookingNotLiveError extends AppError {
  constructor(booking: LocalBooking) {
    super(
      booking.status === 'cancelled' ? 'This session was cancelled, so it cannot be changed.' : 'This session was moved to another time already; open the new booking.',
      409,
      'booking_not_live',
    )
  }
}

/**
 * The local stand-in for Cal.com's booking pages, served under `/local-cal/`: the embed script,
 * a host's booking page (`/<Cal.com Link>`), and the member's own booking, reschedule and cancel
 * pages (`/booking/<uid>`, `/reschedule/<uid>`). Each change is stored, then posted once to
 * calcom-webhook-handler as the signed webhook Cal.com would send; the page then posts the
 * embed's events to the parent window.
 */
export function createLocalCalendarHandler(deps: LocalCalendarDeps): (req: Request) => Promise<Response> {
  const base = (deps.basePath ?? '/local-cal').replace(/\/+$/, '')
  const now = deps.now ?? (() => new Date())
  const newUid = deps.newUid ?? newBookingUid
  const frameAncestors = deps.embedders.map((origin) => new URL(origin).origin).join(' ')

  async function page(status: number, html: string, head: boolean): Promise<Response> {
    return new Response(head ? null : html, {
      status,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'content-security-policy': `default-src 'none'; script-src ${await embedBridgeScriptSource()}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors ${frameAncestors}`,
      },
    })
  }

  function redirect(location: string): Response {
    return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } })
  }

  const addressOf = (kind: 'booking' | 'reschedule', uid: string, route: Route, params: URLSearchParams, extra: Record<string, string> = {}) =>
    pageAddress(base, kind, uid, route, params, extra)

  async function hostByCalLink(link: string): Promise<Host> {
    const wanted = calLinkPath(link)
    const host = (await deps.directory.listActiveHosts()).find((candidate) => candidate.calLink && calLinkPath(candidate.calLink) === wanted)
    if (!host) throw new NotFoundError(`No host takes bookings at ${wanted}.`)
    return host
  }

  async function hostOf(booking: LocalBooking): Promise<Host> {
    const host = await deps.directory.getHost(booking.hostId)
    if (!host) throw new NotFoundError('The host of this booking is no longer in the Hosts table.')
    return host
  }

  async function bookingNamed(uid: string): Promise<LocalBooking> {
    const booking = await findBooking(deps.sql, uid)
    if (!booking) throw new NotFoundError('There is no booking with this id.')
    return booking
  }

  async function slotsFor(host: Host, at: Date): Promise<{ free: Slot[]; taken: Set<string> }> {
    const calLink = calLinkPath(host.calLink ?? '')
    const [hours, taken] = await Promise.all([weeklyHoursFor(deps.sql, calLink), takenStarts(deps.sql, host.id, at)])
    return { free: freeSlots({ hours, timeZone: host.timeZone || 'UTC', now: at, taken }), taken }
  }

  /** The slot starting at `start` if the host offers it now; a taken one is a conflict, anything else bad input. */
  async function offeredSlot(host: Host, start: string): Promise<Slot> {
    const at = now()
    const wanted = new Date(start).toISOString()
    const { free, taken } = await slotsFor(host, at)
    const slot = free.find((candidate) => candidate.start === wanted)
    if (slot) return slot
    if (taken.has(wanted)) throw new SlotTakenError()
    throw new AppError(`That time is not one of ${host.name}'s free ${SESSION_MINUTES}-minute times in the next 14 days: choose one from the list.`, 400, 'slot_not_offered')
  }

  /** Posts a webhook written with its change and keeps the answer; a crash before this leaves it "not sent yet". */
  async function send(webhook: QueuedWebhook): Promise<void> {
    const posted = await postWebhook(deps.webhook, webhook.body)
    if (posted.error) deps.log.log('warn', 'local Cal.com webhook not delivered', { trigger: webhook.trigger, bookingUid: webhook.bookingUid, error: posted.error })
    await recordWebhookOutcome(deps.sql, webhook.id, posted)
  }

  function fieldsFrom(params: URLSearchParams): AttendeeFields {
    return { name: params.get('name') ?? '', email: params.get('email') ?? '', attendeePhoneNumber: params.get('attendeePhoneNumber') ?? '' }
  }

  async function calLinkPage(req: Request, route: Route, url: URL, head: boolean): Promise<Response> {
    const host = await hostByCalLink(route.key)
    // A link with bad metadata or namespace is refused before anything is shown or stored.
    metadataFrom(url.searchParams)
    namespaceFrom(url.searchParams)
    if (req.method !== 'POST') {
      const { free } = await slotsFor(host, now())
      return page(200, renderBookingPage({ host, slots: free, fields: fieldsFrom(url.searchParams), error: null }), head)
    }
    const raw = await readBodyWithLimit(req, FORM_LIMIT)
    const submitted = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(raw)))
    try {
      const form = parseForm(bookingFormSchema, raw)
      const slot = await offeredSlot(host, form.start)
      const { result: booking, webhook } = await createBooking(deps.sql, {
        uid: newUid(),
        hostId: host.id,
        calLink: calLinkPath(host.calLink ?? route.key),
        startTime: new Date(slot.start),
        endTime: new Date(slot.end),
        attendeeName: form.name,
        attendeeEmail: form.email,
        attendeePhone: form.attendeePhoneNumber ?? null,
        attendeeTimeZone: form.timeZone ?? null,
        metadata: metadataFrom(url.searchParams),
        rescheduledFrom: null,
      }, (created) => bookingCreated(created, host, now()))
      await send(webhook)
      return redirect(addressOf('booking', booking.uid, route, url.searchParams, { event: 'booked' }))
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      const { free } = await slotsFor(host, now())
      const fields = { name: submitted.name ?? '', email: submitted.email ?? '', attendeePhoneNumber: submitted.attendeePhoneNumber ?? '' }
      return page(error.status, renderBookingPage({ host, slots: free, fields, error: error.message }), false)
    }
  }

  function eventsFor(booking: LocalBooking, host: Host, notice: BookingNotice): EmbedEvent[] {
    if (notice === 'booked' && booking.status === 'accepted') return bookedEvents(booking, host)
    if (notice === 'rescheduled' && booking.status === 'accepted') return rescheduledEvents(booking, host)
    if (notice === 'cancelled' && booking.status === 'cancelled') return cancelledEvents(booking, host)
    return []
  }

  async function bookingPage(req: Request, route: Route, url: URL, head: boolean): Promise<Response> {
    const booking = await bookingNamed(route.key)
    const host = await hostOf(booking)
    const asHost = url.searchParams.get('as') === 'host'
    const view = async (status: number, notice: BookingNotice, error: string | null, current = booking) => {
      const webhooks = await webhooksFor(deps.sql, current.uid)
      const rescheduleHref = addressOf('reschedule', current.uid, route, url.searchParams)
      return page(status, renderBookingView({ booking: current, host, webhooks, notice, events: eventsFor(current, host, notice), rescheduleHref, asHost, error }), head)
    }
    if (req.method !== 'POST') {
      const event = url.searchParams.get('event')
      return view(200, event === 'booked' || event === 'rescheduled' || event === 'cancelled' ? event : null, null)
    }
    try {
      const form = parseForm(bookingActionSchema, await readBodyWithLimit(req, FORM_LIMIT))
      if (form.action === 'resend') {
        const webhook = (await webhooksFor(deps.sql, booking.uid)).find((candidate) => candidate.id === form.webhook)
        if (!webhook) throw new NotFoundError('This booking sent no such webhook.')
        if (wasDelivered(webhook)) throw new AppError('Presence took this webhook already; sending it again would change nothing.', 409, 'already_delivered')
        await send(webhook)
        return redirect(addressOf('booking', booking.uid, route, url.searchParams))
      }
      const cancellation = { reason: form.cancellationReason ?? null, cancelledBy: asHost ? host.email : booking.attendeeEmail }
      const change = await cancelBooking(deps.sql, booking.uid, cancellation, (cancelled) => bookingCancelled(cancelled, host, now()))
      if (!change) throw new BookingNotLiveError(booking)
      await send(change.webhook)
      return redirect(addressOf('booking', booking.uid, route, url.searchParams, { event: 'cancelled' }))
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      return view(error.status, null, error.message, (await findBooking(deps.sql, booking.uid)) ?? booking)
    }
  }

  async function reschedulePage(req: Request, route: Route, url: URL, head: boolean): Promise<Response> {
    const booking = await bookingNamed(route.key)
    if (booking.status !== 'accepted') throw new BookingNotLiveError(booking)
    const host = await hostOf(booking)
    if (req.method !== 'POST') {
      const { free } = await slotsFor(host, now())
      return page(200, renderReschedulePage({ booking, host, slots: free, error: null }), head)
    }
    try {
      const form = parseForm(rescheduleFormSchema, await readBodyWithLimit(req, FORM_LIMIT))
      const slot = await offeredSlot(host, form.start)
      const replacement = { uid: newUid(), startTime: new Date(slot.start), endTime: new Date(slot.end) }
      const change = await rescheduleBooking(deps.sql, booking.uid, replacement, (old, next) => bookingRescheduled(old, next, host, now()))
      if (!change) throw new BookingNotLiveError(booking)
      await send(change.webhook)
      return redirect(addressOf('booking', change.result.next.uid, route, url.searchParams, { event: 'rescheduled' }))
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      const { free } = await slotsFor(host, now())
      return page(error.status, renderReschedulePage({ booking, host, slots: free, error: error.message }), false)
    }
  }

  const routes = { calLink: calLinkPage, booking: bookingPage, reschedule: reschedulePage }

  return async (req) => {
    const url = new URL(req.url)
    const head = req.method === 'HEAD'
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') throw new MethodNotAllowedError(['GET', 'HEAD', 'POST'])
      const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname
      if (path === EMBED_SCRIPT_PATH) {
        if (req.method === 'POST') throw new MethodNotAllowedError(['GET', 'HEAD'])
        return new Response(head ? null : await deps.embedScript(), {
          headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
        })
      }
      const route = routeOf(path)
      if (!route) throw new NotFoundError('There is no page at this address.')
      return await routes[route.kind](req, route, url, head)
    } catch (error) {
      // Typed errors carry their own status; anything else is a bug, logged and shown without details.
      if (error instanceof AppError) {
        const response = await page(error.status, renderProblem(error.status, headingFor(error.status), error.message, req.method !== 'POST'), head)
        for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value)
        return response
      }
      deps.log.log('error', 'local Cal.com page failed', { path: url.pathname, error: describeError(error) })
      return page(500, renderProblem(500, 'Something went wrong', 'The local Cal.com stand-in failed; the error is in the functions log.', req.method !== 'POST'), head)
    }
  }
}

function headingFor(status: number): string {
  if (status === 404) return 'This page could not be found'
  if (status === 409) return 'This session cannot be changed'
  if (status === 405) return 'This page does not take that request'
  return 'This request could not be used'
}
