import { pathToFileURL } from 'node:url'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { createSchedulerTick } from '../../supabase/functions/_shared/scheduler/schedulerTick.ts'
import { createSessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { startEmbeddedPostgres } from '../db/embeddedPostgres.ts'
import { migrate } from '../db/migrate.ts'
import { percentile } from './load.ts'

const UPCOMING = 10_000
/** Upcoming sessions are spread over this many days, one every ~2 minutes: the hour ahead holds ~30. */
const SPREAD_DAYS = 14
const COMPLETED = 2_000
const MEMBERS = 500
const TICKS = 100

/** Sessions from `fromMs` on, `everyMs` apart, shared round `MEMBERS` members named by `members`; made in Postgres, in one statement. */
async function seed(sql: Sql, count: number, fromMs: number, everyMs: number, status: string, members: string): Promise<void> {
  await sql`
    insert into sessions (id, booking_id, booking_status, start_time, end_time, state, room_name, room_status)
    select id, 'bench-' || id, ${status}, t.start, t.start + interval '30 minutes',
      jsonb_build_object('bookingId', 'bench-' || id, 'previousBookingIds', '[]'::jsonb, 'status', ${status}::text,
        'start', to_char(t.start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'end', to_char((t.start + interval '30 minutes') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'memberId', ${members} || (n % ${MEMBERS}), 'hostId', 'bench-host-' || (n % 50),
        'memberName', 'Member', 'hostName', 'Host', 'hostTimeZone', 'Australia/Sydney', 'memberTimeZone', 'Australia/Sydney'),
      'presence-' || id, 'Not Created'
    from (select gen_random_uuid() as id, n, to_timestamp((${fromMs}::float8 + n * ${everyMs}::float8) / 1000) as start
          from generate_series(0, ${count - 1}) as n) t`
}

/**
 * Scheduler tick time with 10,000 upcoming sessions (target < 200 ms), in process against the
 * embedded Postgres on its wire protocol (as every local process reaches it): the first tick,
 * which queues the reminders and nudges that are due, then ticks that find everything queued.
 */
export async function benchSchedulerTick(print: (line: string) => void): Promise<void> {
  const db = await startEmbeddedPostgres({ port: 0 })
  const sql = connectDatabase(db.url, { max: 1 })
  try {
    await migrate(sql)
    const now = Date.now()
    await seed(sql, UPCOMING, now + 5 * 60_000, (SPREAD_DAYS * 86_400_000) / UPCOMING, 'Created', 'bench-member-')
    // Completed over the last week by members with nothing booked: those whose 48 hours are up get a nudge.
    await seed(sql, COMPLETED, now - 7 * 86_400_000, (5 * 86_400_000) / COMPLETED, 'Completed', 'bench-lapsed-')
    await sql`analyze sessions`
    const tick = createSchedulerTick({ sql, sessions: createSessionRepository(sql), outbox: createOutbox(sql), wake: () => {} })

    const firstStarted = performance.now()
    const first = await tick()
    const firstMs = performance.now() - firstStarted
    const times: number[] = []
    for (let i = 0; i < TICKS; i++) {
      const started = performance.now()
      await tick()
      times.push(performance.now() - started)
    }
    print(`Scheduler tick (${UPCOMING.toLocaleString('en')} upcoming sessions over ${SPREAD_DAYS} days, ${COMPLETED.toLocaleString('en')} completed in the last week; in process, embedded Postgres)`)
    print(`  first tick: ${firstMs.toFixed(1)} ms, queued ${first.rooms} rooms, ${first.reminders} reminders, ${first.inactivity} 48h nudges`)
    print(`  then ${TICKS} ticks with nothing new: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (target < 200 ms)`)
  } finally {
    await sql.end()
    await db.stop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchSchedulerTick(console.log)
