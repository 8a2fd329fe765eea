import { sessionLinkUrl, signSessionToken } from '../../shared/links/sessionLinks.ts'
import type { Role } from '../../shared/sessions/sessionView.ts'
import { connectDatabase } from '../../supabase/functions/_shared/db/connect.ts'
import { startLocalStack } from '../stack/localStack.ts'
import { bookingBodies, percentile, sendLoad, sendSigned, waitFor } from './load.ts'
import { benchEnv, CALCOM_SECRET, LINK_SECRET, onEachDatabase, type BenchDatabase } from './stacks.ts'

/** p50/p99 of the `session` function answering 1,000 link opens with 100 in flight. */
export async function benchSessionFunction(print: (line: string) => void): Promise<void> {
  await onEachDatabase(print, (database) => measureSessionFunction(print, database))
}

async function measureSessionFunction(print: (line: string) => void, database: BenchDatabase): Promise<void> {
  const stack = await startLocalStack({ env: await benchEnv(database.env), onFunctionsOutput: () => {} })
  const sql = connectDatabase(stack.databaseUrl, { max: 1 })
  try {
    const url = `${stack.functionsUrl}/calcom-webhook-handler`
    // One delivery first: a fresh functions server can refuse its very first one (see the acknowledgement figures).
    await sendSigned(url, CALCOM_SECRET, bookingBodies(1, 'warmup-view'), 1)
    // 50 sessions whose join window is open (tokens are minted) and 50 later ones.
    const soon = bookingBodies(50, 'view-soon', 5, 0)
    const sent = await sendSigned(url, CALCOM_SECRET, [...soon, ...bookingBodies(50, 'view-later')], 20)
    const accepted = sent.filter((r) => r.status === 200).length
    await waitFor(
      async () =>
        (await sql`select count(*)::int as c from presence_operations where booking_id like 'view-%' and room_status = 'Active'`)[0]?.c === accepted,
      60_000,
    )
    const sessions = await sql<{ id: string; uid: string }[]>`select id::text, booking_id as uid from sessions where booking_id like 'view-%'`
    const links = await Promise.all(
      sessions.flatMap(({ id, uid }) =>
        (['host', 'member'] as Role[]).map(async (role) => {
          const link = new URL(sessionLinkUrl('http://x', uid, role, await signSessionToken(LINK_SECRET, id, role)))
          return `${stack.functionsUrl}/session${link.search}`
        }),
      ),
    )
    const requests = Array.from({ length: 1000 }, (_, i) => ({ method: 'GET' as const, url: links[i % links.length]! }))
    await sendLoad(requests.slice(0, 200), 100)
    const results = await sendLoad(requests, 100)
    const latencies = results.map((r) => r.latencyMs)
    print(`Session function (1,000 link opens, 100 in flight, real Deno + ${database.label}; half mint meeting tokens)`)
    if (accepted < 100) print(`  only ${accepted}/100 bookings were accepted; links for those`)
    print(`  status 200: ${results.filter((r) => r.status === 200).length}/1000`)
    print(`  p50 ${percentile(latencies, 50).toFixed(1)} ms, p90 ${percentile(latencies, 90).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (target p99 < 50 ms)`)
  } finally {
    await sql.end()
    await stack.stop()
  }
}
