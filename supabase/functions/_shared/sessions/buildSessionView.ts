import type { SessionView } from '../../../../shared/api/session.ts'
import { freeCancellationUntil } from '../../../../shared/credits/creditRules.ts'
import { joinWindowState, roomClosesAt, roomOpensAt, sessionTimesOf } from '../../../../shared/domain/sessionTimes.ts'
import type { Role } from '../../../../shared/sessions/sessionView.ts'
import { formatTimeInZone, isKnownTimeZone } from '../../../../shared/templates/formatTime.ts'
import { renderTemplate } from '../../../../shared/templates/renderTemplate.ts'
import type { RoomProvider } from '../rooms/roomProvider.ts'
import type { Directory } from '../store/directory.ts'
import type { SessionRow } from './sessionRepository.ts'

export interface SessionViewDeps {
  rooms: RoomProvider
  directory: Directory
  appUrl: string
  cancellationCutoffHours: number
}

/**
 * What one participant sees. A meeting token is only minted inside the join window, for a
 * booked session whose room exists, and expires when the room closes.
 */
export async function buildSessionView(
  deps: SessionViewDeps,
  session: SessionRow,
  role: Role,
  now: Date,
  linkUrl: string,
  /** The zone the page shows times in; the prompts are filled in it, else in the viewer's booking zone. */
  pageTimeZone?: string,
): Promise<SessionView> {
  const state = session.state
  const times = sessionTimesOf(state)
  const opensAt = roomOpensAt(times)
  const closesAt = roomClosesAt(times)
  const windowState = joinWindowState(times, now)
  const ownRating = role === 'host' ? session.hostRating : session.memberRating

  const [pre, post] = await Promise.all([deps.directory.getTemplate('Pre-Session Reminder'), deps.directory.getTemplate('Post-Session Thank You')])
  const values = {
    memberName: state.memberName,
    hostName: state.hostName,
    recipientName: role === 'host' ? state.hostName : state.memberName,
    otherName: role === 'host' ? state.memberName : state.hostName,
    // On the page's own clock, so the prompt and "When" never name two zones.
    startTime: formatTimeInZone(times.start, pageTimeZone && isKnownTimeZone(pageTimeZone) ? pageTimeZone : role === 'host' ? state.hostTimeZone : state.memberTimeZone),
    joinUrl: linkUrl,
    rebookUrl: new URL('/host-selection', deps.appUrl).toString(),
  }

  const joinable = windowState === 'open' && state.status === 'Created' && session.roomStatus === 'Active' && session.roomUrl !== null
  const join = joinable
    ? {
        provider: deps.rooms.kind,
        roomUrl: session.roomUrl!,
        token: await deps.rooms.createMeetingToken({
          roomName: session.roomName,
          userName: (role === 'host' ? state.hostName : state.memberName) ?? (role === 'host' ? 'Host' : 'Member'),
          userId: `${role}:${session.id}`,
          isOwner: role === 'host',
          nbf: opensAt,
          exp: closesAt,
        }),
        expiresAt: closesAt.toISOString(),
      }
    : null

  return {
    bookingId: state.bookingId,
    role,
    bookingStatus: state.status,
    title: state.title,
    hostName: state.hostName,
    memberName: state.memberName,
    start: state.start,
    end: state.end,
    cancellationReason: state.cancellationReason,
    freeCancellationUntil:
      role === 'member' && session.paidSessionId !== null && (state.status === 'Created' || state.status === 'Pending')
        ? freeCancellationUntil(state.start, deps.cancellationCutoffHours).toISOString()
        : null,
    roomStatus: session.roomStatus,
    joinWindow: { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), state: windowState },
    serverTime: now.toISOString(),
    prompts: {
      preSession: filled(pre?.body, values),
      postSession: filled(post?.body, values),
    },
    joined: { host: session.hostJoinedAt !== null, member: session.memberJoinedAt !== null },
    rating: ownRating === null ? null : { stars: ownRating, comment: role === 'host' ? session.hostComment : session.memberComment },
    likedMember: session.hostLikedAt !== null,
    join,
  }
}

/** A prompt the page can fill completely, else none: a half-filled template is not shown. */
function filled(body: string | undefined, values: Record<string, string | null>): string | null {
  if (body === undefined) return null
  const rendered = renderTemplate(body, values)
  return rendered.ok ? rendered.text : null
}
