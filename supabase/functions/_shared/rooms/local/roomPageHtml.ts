import { LOCAL_ROOM_MESSAGE_SOURCE } from '../../../../../shared/rooms/localRoomMessages.ts'
import { toBase64 } from '../../../../../shared/crypto/hmac.ts'
import type { RoomPageState } from './roomPageState.ts'

/**
 * Status codes: 200 open; 403 the token is missing, invalid, for another room or expired; 404 the
 * room is unknown or deleted; 423 Locked when the room exists and the token is good but the room
 * is not open yet or has closed, so a caller can tell "wait" and "too late" apart from "not allowed".
 */
export function roomPageStatus(state: RoomPageState): number {
  switch (state.kind) {
    case 'open':
      return 200
    case 'unknown_room':
    case 'deleted':
      return 404
    case 'token_missing':
    case 'token_invalid':
    case 'token_other_room':
    case 'token_expired':
      return 403
    case 'not_open_yet':
    case 'closed':
      return 423
  }
}

interface Message {
  heading: string
  detail: string
}

function messageFor(state: RoomPageState): Message {
  switch (state.kind) {
    case 'open':
      return {
        heading: `You are in room ${state.room.name}`,
        detail: `Joined as ${state.claims.u} (${state.claims.o ? 'host, room owner' : 'member'}). The room closes at ${formatTime(state.room.exp)}.`,
      }
    case 'unknown_room':
      return {
        heading: 'This room does not exist',
        detail: state.name ? `There is no room named ${state.name}.` : 'This address names no room.',
      }
    case 'deleted':
      return { heading: 'This room has been deleted', detail: `Room ${state.name} was deleted, usually because its session was cancelled.` }
    case 'token_missing':
      return { heading: 'This room is private', detail: 'Join from your Presence session page: this link has no meeting token.' }
    case 'token_invalid':
      return { heading: 'This join link is not valid', detail: 'Open the room again from your Presence session page.' }
    case 'token_other_room':
      return { heading: 'This join link is for another room', detail: 'Open the room again from your Presence session page.' }
    case 'token_expired':
      return { heading: 'This join link has expired', detail: 'Open the room again from your Presence session page for a fresh link.' }
    case 'not_open_yet':
      return { heading: 'This room is not open yet', detail: `Room ${state.name} opens at ${formatTime(state.opensAt)}.` }
    case 'closed':
      return { heading: 'This room has closed', detail: `Room ${state.name} closed at ${formatTime(state.closedAt)}.` }
  }
}


/**
 * The page's one script, the same bytes on every page so the CSP can allow it by hash: it says
 * `joined-meeting` once the open room has loaded and `left-meeting` on Leave. The messages carry
 * nothing secret, and the SPA checks which frame sent them, so any target origin will do.
 */
export const ROOM_PAGE_SCRIPT = `
(() => {
  const notify = (event) => {
    if (window.parent !== window) window.parent.postMessage({ source: '${LOCAL_ROOM_MESSAGE_SOURCE}', event }, '*')
  }
  const leave = document.getElementById('leave')
  notify('joined-meeting')
  leave.addEventListener('click', () => {
    leave.disabled = true
    document.querySelector('main').dataset.state = 'left'
    document.querySelector('h1').textContent = 'You have left the room'
    notify('left-meeting')
  })
})()
`

let scriptHash: Promise<string> | undefined

/** `'sha256-…'`: the CSP source that allows exactly `ROOM_PAGE_SCRIPT`. */
export function roomPageScriptSource(): Promise<string> {
  scriptHash ??= crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(ROOM_PAGE_SCRIPT))
    .then((digest) => `'sha256-${toBase64(new Uint8Array(digest))}'`)
  return scriptHash
}

/**
 * A small self-contained page standing in for Daily Prebuilt: nothing loaded from elsewhere, and
 * only in an open room a Leave button and the script that reports joining and leaving.
 */
export function renderRoomPage(state: RoomPageState): string {
  const { heading, detail } = messageFor(state)
  const call =
    state.kind === 'open'
      ? `<div class="stage" role="img" aria-label="Video call placeholder">Local video room: no camera or microphone is used</div>
<button type="button" id="leave">Leave</button>
<script>${ROOM_PAGE_SCRIPT}</script>`
      : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)} · Presence local rooms</title>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #1f2430; color: #f4f5f7; display: grid; place-items: center; min-height: 100vh; }
main { max-width: 36rem; padding: 2rem; text-align: center; }
.stage { margin-top: 1.5rem; padding: 3rem 1rem; border-radius: 0.75rem; background: #2d3445; color: #b8bfcc; }
button { margin-top: 1.5rem; padding: 0.6rem 1.5rem; border: 0; border-radius: 0.5rem; background: #b42318; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
button:disabled { background: #6b7280; cursor: default; }
button:focus-visible { outline: 3px solid #e0a526; outline-offset: 2px; }
small { color: #b8bfcc; }
</style>
</head>
<body>
<main data-state="${escapeHtml(state.kind)}">
<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(detail)}</p>
${call}
<p><small>Presence local stand-in for Daily. Set DAILY_API_KEY to use real Daily rooms.</small></p>
</main>
</body>
</html>
`
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
