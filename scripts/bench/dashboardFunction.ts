import { pathToFileURL } from 'node:url'
import type { BookingState } from '../../shared/sessions/bookingState.ts'
import { signAccessToken } from '../../supabase/functions/_shared/auth/local/localSession.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { startLocalStack } from '../stack/localStack.ts'
import { percentile, sendLoad } from './load.ts'
import { benchEnv, onEachDatabase, type BenchDatabase } from './stacks.ts'

const JWT_SECRET = 'bench-jwt-secret-of-at-least-32-characters'
const MEMBER_PHONE = '+61499000001'
const PAST_SESSIONS = 200
/** Other members' sessions beside the one member's, so the indexes, not the table's size, decide the time. */
const OTHER_MEMBERS = 20
const OTHERS_SESSIONS_EACH = 100
/** Hosts liked a few of the member's sessions, so the dashboard's "Host liked you" banner has rows. */
const LIKED_SESSIONS = 3
const HOUR = 3_600_000

/** p50/p99 of the `dashboard` function answering a member with 200 past sessions, 100 requests in flight. */
export async function benchDashboardFunction(print: (line: string) => void): Promise<void> {
  await onEachDatabase(print, (database) => measureDashboard(print, database))
}

async function measureDashboard(print: (line: string) => void, database: BenchDatabase): Promise<void> {
  const env = await benchEnv({ SUPABASE_JWT_SECRET: JWT_SECRET, ...database.env })
  const stack = await startLocalStack({ env, onFunctionsOutput: () => {} })
  const sql = connectDatabase(stack.databaseUrl, { max: 1 })
  try {
    const [host] = await sql<{ id: string; name: string }[]>`
      insert into hosts (name, email, phone, status, cal_link, time_zone) values ('Bench Host', 'bench-host@presence.example', '+61499000099', 'Active', 'bench/host', 'Australia/Sydney')
      returning id::text, name`
    const [member] = await sql<{ id: string }[]>`
      insert into members (name, email, phone, time_zone) values ('Bench Member', 'bench-member@presence.example', ${MEMBER_PHONE}, 'Australia/Sydney') returning id::text`
    await seedSessions(sql, host!, member!.id, 'bench-dash', PAST_SESSIONS, 5)
    for (let i = 0; i < OTHER_MEMBERS; i++) await seedSessions(sql, host!, `bench-other-${i}`, `bench-other-${i}`, OTHERS_SESSIONS_EACH, 2)
    await sql`
      update sessions set host_liked_at = start_time + interval '1 hour'
      where id in (select id from sessions where (state ->> 'memberId') = ${member!.id} and end_time < now() order by start_time desc limit ${LIKED_SESSIONS})`
    await sql`analyze sessions`

    const issuedAt = new Date()
    const user = { id: crypto.randomUUID(), phone: MEMBER_PHONE.slice(1), createdAt: issuedAt, lastSignInAt: issuedAt }
    const { token } = await signAccessToken({ authUrl: stack.config.auth.url, jwtSecret: JWT_SECRET }, user, crypto.randomUUID(), issuedAt)
    const request = { method: 'GET' as const, url: `${stack.functionsUrl}/dashboard?role=member`, headers: { authorization: `Bearer ${token}`, origin: stack.config.appUrl } }
    const first = await fetch(request.url, { headers: request.headers })
    const body = (await first.json()) as { past?: { items: unknown[] }; upcoming?: unknown[]; hostLikes?: unknown[] }
    if (first.status !== 200) throw new Error(`dashboard answered ${first.status}: ${JSON.stringify(body)}`)

    const requests = Array.from({ length: 1000 }, () => request)
    await sendLoad(requests.slice(0, 200), 100)
    const results = await sendLoad(requests, 100)
    const latencies = results.map((r) => r.latencyMs)
    print(
      `Dashboard function (1,000 member dashboards, 100 in flight, real Deno + ${database.label}; the member has ${PAST_SESSIONS} past sessions among ${PAST_SESSIONS + OTHER_MEMBERS * OTHERS_SESSIONS_EACH})`,
    )
    print(
      `  each answer: ${body.upcoming?.length ?? 0} upcoming, ${body.past?.items.length ?? 0} past (first page), ${body.hostLikes?.length ?? 0} host likes, signed links and cursor`,
    )
    print(`  status 200: ${results.filter((r) => r.status === 200).length}/1000`)
    print(`  p50 ${percentile(latencies, 50).toFixed(1)} ms, p90 ${percentile(latencies, 90).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (target p99 < 100 ms)`)
  } finally {
    await sql.end()
    await stack.stop()
  }
}

/**
 * Sessions as the Cal.com fold leaves them (`past` held ones, one a day back from yesterday, and
 * `upcoming` ones a day apart ahead), written straight to the table: the figure is the read.
 */
async function seedSessions(sql: Sql, host: { id: string; name: string }, memberId: string, prefix: string, past: number, upcoming: number): Promise<void> {
  const now = Date.now()
  const starts = [...Array.from({ length: past }, (_, i) => now - (i + 1) * 24 * HOUR), ...Array.from({ length: upcoming }, (_, i) => now + (i + 1) * 24 * HOUR)]
  const rows = starts.map((startMs, i) => {
    const start = new Date(Math.floor(startMs / 60_000) * 60_000)
    const end = new Date(start.getTime() + 30 * 60_000)
    const state: BookingState = {
      bookingId: `${prefix}-${i}`,
      previousBookingIds: [],
      status: startMs < now ? 'Completed' : 'Created',
      start: start.toISOString(),
      end: end.toISOString(),
      title: 'Session',
      hostName: host.name,
      hostEmail: 'bench-host@presence.example',
      hostId: host.id,
      memberName: 'Bench Member',
      memberEmail: 'bench-member@presence.example',
      memberPhone: null,
      memberId,
      hostTimeZone: 'Australia/Sydney',
      memberTimeZone: 'Australia/Sydney',
      rejectedMemberClaim: null,
      cancellationReason: null,
      cancelledBy: null,
      cancelledAt: null,
      rescheduleRequested: false,
      lastEventAt: new Date(now).toISOString(),
    }
    return { booking_id: state.bookingId, booking_status: state.status, start_time: start, end_time: end, state: sql.json(state as never), room_name: `room-${state.bookingId}`, payment_flag: 'No Paid Session' }
  })
  await sql`insert into sessions ${sql(rows)}`
}

// `npx tsx scripts/bench/dashboardFunction.ts` runs this figure alone (`npm run bench` runs them all).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchDashboardFunction((line) => console.log(line))
