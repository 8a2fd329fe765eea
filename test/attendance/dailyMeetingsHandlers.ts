import { http, HttpResponse, type HttpHandler } from 'msw'

/** A participant as Daily's `GET /v1/meetings` lists it: `join_time` unix seconds, `duration` seconds, `user_id` the token's `ud` or null. */
export interface FakeParticipant {
  participant_id: string
  user_id: string | null
  user_name: string | null
  join_time: number
  duration: number
}

export interface FakeMeeting {
  id: string
  room: string
  start_time: number
  duration: number
  ongoing: boolean
  max_participants: number
  participants: FakeParticipant[]
}

const ERROR_TYPES: Record<number, string> = { 429: 'rate-limit-error' }

/**
 * msw handlers standing in for Daily's meetings API (https://docs.daily.co/reference/rest-api/meetings):
 * Bearer auth (401 `authentication-error`), `room` and `timeframe_start` filters, the
 * `{total_count, data}` envelope, and injected 429 (`rate-limit-error`, Retry-After) or 5xx
 * (`server-error`) answers with Daily's `{error, info}` body.
 */
export function createFakeDailyMeetings(options: { apiUrl: string; apiKey: string }) {
  const meetings: FakeMeeting[] = []
  const requests: URL[] = []
  const faults: number[] = []
  const handlers: HttpHandler[] = [
    http.get(`${options.apiUrl}/meetings`, ({ request }) => {
      const url = new URL(request.url)
      requests.push(url)
      if (request.headers.get('authorization') !== `Bearer ${options.apiKey}`) {
        return HttpResponse.json({ error: 'authentication-error', info: 'Invalid API key' }, { status: 401 })
      }
      const status = faults.shift()
      if (status !== undefined) {
        return HttpResponse.json(
          { error: ERROR_TYPES[status] ?? 'server-error', info: status === 429 ? 'Too many requests' : 'Internal server error' },
          { status, headers: status === 429 ? { 'Retry-After': '2' } : {} },
        )
      }
      const room = url.searchParams.get('room')
      const since = Number(url.searchParams.get('timeframe_start') ?? 0)
      const data = meetings.filter((m) => (room === null || m.room === room) && m.start_time + m.duration >= since)
      return HttpResponse.json({ total_count: data.length, data })
    }),
  ]
  return {
    handlers,
    meetings,
    requests,
    failNext(count: number, status: number) {
      for (let i = 0; i < count; i++) faults.push(status)
    },
  }
}
