import type { Host } from '../../../../../shared/operations/record.ts'
import { escapeHtml } from '../../rooms/local/roomPageHtml.ts'
import { type LocalBooking, wasDelivered, type WebhookRecord } from './calendarTables.ts'
import type { EmbedEvent } from './embedEvents.ts'
import type { Slot } from './schedule.ts'
import { LOCAL_LOCATION, sessionTitle } from './webhookPayloads.ts'
import { EMBED_BRIDGE_SCRIPT } from './embedBridge.ts'

/** What the bridge script reads: the events to post, or the status of a page that failed to load. */
export interface PageData {
  events: EmbedEvent[]
  failed?: number
}

export interface AttendeeFields {
  name: string
  email: string
  attendeePhoneNumber: string
}

const STYLE = `
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #f6f6f4; color: #1d1f24; }
main { max-width: 40rem; margin: 0 auto; padding: 1.5rem; background: #fff; }
.stand-in { margin: 0 0 1rem; padding: 0.5rem 0.75rem; border-radius: 0.5rem; background: #fff4d6; color: #5c4400; font-size: 0.875rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
.error { padding: 0.5rem 0.75rem; border-radius: 0.5rem; background: #fde8e8; color: #8a1c1c; }
#slots fieldset { border: 0; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem; }
#slots legend { font-weight: 600; margin-bottom: 0.25rem; width: 100%; }
.slot { display: inline-flex; gap: 0.35rem; align-items: center; padding: 0.35rem 0.6rem; border: 1px solid #c9cbd1; border-radius: 0.5rem; cursor: pointer; }
.slot:has(input:checked) { border-color: #1d1f24; background: #1d1f24; color: #fff; }
.details { border: 0; padding: 0; margin: 1rem 0; display: grid; gap: 0.75rem; }
.details label { display: grid; gap: 0.25rem; font-weight: 600; }
input[type=text], input[type=email], input[type=tel], textarea { font: inherit; padding: 0.45rem 0.6rem; border: 1px solid #c9cbd1; border-radius: 0.4rem; }
button, .button { font: inherit; font-weight: 600; padding: 0.55rem 1.2rem; border: 0; border-radius: 0.5rem; background: #1d1f24; color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
.danger { background: #b42318; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.webhooks { font-size: 0.875rem; color: #4b5060; }
.resend { display: inline; margin-left: 0.5rem; }
.resend button { padding: 0.2rem 0.6rem; font-size: 0.875rem; }
/* Amber shows on the white page and on a picked (dark) time alike. */
:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
`

const BANNER =
  '<p class="stand-in">Presence local stand-in for Cal.com: no Cal.com account is used. Bookings here post the same signed webhooks Cal.com would.</p>'

function jsonForScript(value: unknown): string {
  // Inside <script>, "</script>" or "<!--" in a value would end or change the block.
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

function shell(title: string, body: string, data: PageData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Presence local Cal.com</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${BANNER}
${body}
</main>
<script type="application/json" id="cal-page">${jsonForScript(data)}</script>
<script>${EMBED_BRIDGE_SCRIPT}</script>
</body>
</html>
`
}

/** An instant as the bridge script relabels it in the viewer's zone; UTC until then. */
function timeTag(iso: string, show: 'time' | 'datetime'): string {
  const fallback = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
  return `<time datetime="${escapeHtml(iso)}" data-show="${show}">${escapeHtml(show === 'time' ? iso.slice(11, 16) + ' UTC' : fallback)}</time>`
}

function errorBlock(error: string | null): string {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''
}

function slotPicker(slots: Slot[]): string {
  if (slots.length === 0) return '<p>No free times in the next 14 days.</p>'
  const labels = slots
    .map((slot) => `<label class="slot"><input type="radio" name="start" value="${escapeHtml(slot.start)}" required>${timeTag(slot.start, 'time')}</label>`)
    .join('\n')
  return `<div id="slots" role="radiogroup" aria-label="Available times">\n${labels}\n</div>`
}

const zoneNote = '<p>30 minutes. Times are shown in your time zone, <span data-viewer-zone>UTC</span>.</p>'

export function renderBookingPage(options: { host: Host; slots: Slot[]; fields: AttendeeFields; error: string | null }): string {
  const { host, slots, fields, error } = options
  const body = `<h1>Book a session with ${escapeHtml(host.name)}</h1>
${zoneNote}
${errorBlock(error)}
<form method="post">
${slotPicker(slots)}
<fieldset class="details">
<legend>Check your details</legend>
<label>Your name <input type="text" name="name" required maxlength="200" autocomplete="name" value="${escapeHtml(fields.name)}"></label>
<label>Email address <input type="email" name="email" required maxlength="254" autocomplete="email" value="${escapeHtml(fields.email)}"></label>
<label>Phone number <input type="tel" name="attendeePhoneNumber" maxlength="32" autocomplete="tel" placeholder="+61400000000" value="${escapeHtml(fields.attendeePhoneNumber)}"></label>
<input type="hidden" name="timeZone" value="">
</fieldset>
<button type="submit"${slots.length === 0 ? ' disabled' : ''}>Confirm booking</button>
</form>`
  return shell(`Book ${host.name}`, body, { events: [] })
}

export type BookingNotice = 'booked' | 'rescheduled' | 'cancelled' | null

function headingFor(booking: LocalBooking, notice: BookingNotice): string {
  if (booking.status === 'cancelled') return 'This session is cancelled'
  if (booking.status === 'rescheduled') return 'This session was moved to another time'
  if (notice === 'booked') return 'This session is scheduled'
  if (notice === 'rescheduled') return 'This session has been rescheduled'
  return 'Your session'
}

function webhookLine(hook: WebhookRecord): string {
  if (wasDelivered(hook)) return `<li>${escapeHtml(hook.trigger)}: delivered to Presence (${hook.responseStatus})</li>`
  const why = hook.sentAt === null ? 'not sent yet' : `not delivered: ${hook.error ?? ''}`
  return `<li>${escapeHtml(hook.trigger)}: <strong>${escapeHtml(why)}</strong>. Cal.com would not retry; is the functions server running?
<form method="post" class="resend"><input type="hidden" name="action" value="resend"><input type="hidden" name="webhook" value="${hook.id}"><button type="submit">Send again</button></form></li>`
}

function webhookLines(webhooks: WebhookRecord[]): string {
  if (webhooks.length === 0) return ''
  return `<ul class="webhooks" aria-label="Webhooks sent">${webhooks.map(webhookLine).join('')}</ul>`
}

export function renderBookingView(options: {
  booking: LocalBooking
  host: Host
  webhooks: WebhookRecord[]
  notice: BookingNotice
  events: EmbedEvent[]
  /** Where Reschedule leads, with the page's embed namespace kept. */
  rescheduleHref: string
  asHost: boolean
  error: string | null
}): string {
  const { booking, host, notice } = options
  const live = booking.status === 'accepted'
  const cancelled =
    booking.status === 'cancelled'
      ? `<dt>Cancelled by</dt><dd>${escapeHtml(booking.cancelledBy ?? '')}</dd>
<dt>Reason</dt><dd>${escapeHtml(booking.cancellationReason ?? 'No reason given')}</dd>`
      : ''
  const actions = live
    ? `<p><a class="button" href="${escapeHtml(options.rescheduleHref)}">Reschedule</a></p>
<form method="post">
<input type="hidden" name="action" value="cancel">
<fieldset class="details">
<legend>Cancel ${options.asHost ? `as the host, ${escapeHtml(host.name)}` : 'this session'}</legend>
<label>Reason for cancellation (optional) <textarea name="cancellationReason" maxlength="1000" rows="2"></textarea></label>
</fieldset>
<button type="submit" class="danger">Cancel session</button>
</form>`
    : ''
  const body = `<h1>${escapeHtml(headingFor(booking, notice))}</h1>
${errorBlock(options.error)}
<dl>
<dt>What</dt><dd>${escapeHtml(sessionTitle(host, booking.attendeeName))}</dd>
<dt>When</dt><dd>${timeTag(booking.startTime.toISOString(), 'datetime')} to ${timeTag(booking.endTime.toISOString(), 'time')} (<span data-viewer-zone>UTC</span>)</dd>
<dt>Host</dt><dd>${escapeHtml(host.name)} (${escapeHtml(host.email)})</dd>
<dt>Member</dt><dd>${escapeHtml(booking.attendeeName)} (${escapeHtml(booking.attendeeEmail)})</dd>
<dt>Where</dt><dd>${escapeHtml(LOCAL_LOCATION)}</dd>
<dt>Booking id</dt><dd><code>${escapeHtml(booking.uid)}</code></dd>
${cancelled}
</dl>
${webhookLines(options.webhooks)}
${actions}`
  return shell(headingFor(booking, notice), body, { events: options.events })
}

export function renderReschedulePage(options: { booking: LocalBooking; host: Host; slots: Slot[]; error: string | null }): string {
  const { booking, host } = options
  const body = `<h1>Reschedule your session with ${escapeHtml(host.name)}</h1>
<p>Now: ${timeTag(booking.startTime.toISOString(), 'datetime')}. Pick a new time.</p>
${zoneNote}
${errorBlock(options.error)}
<form method="post">
${slotPicker(options.slots)}
<button type="submit"${options.slots.length === 0 ? ' disabled' : ''}>Reschedule</button>
</form>`
  return shell('Reschedule', body, { events: [] })
}

/** A page that could not be shown; `failed` makes an embedding parent show its error state. */
export function renderProblem(status: number, heading: string, detail: string, loadFailed: boolean): string {
  return shell(heading, `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(detail)}</p>`, { events: [], ...(loadFailed ? { failed: status } : {}) })
}
