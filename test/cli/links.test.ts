import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { printSessionLinks } from '../../scripts/cli/links.ts'
import { loadConfig } from '../../shared/config/loadConfig.ts'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { createAppContext, type AppContext } from '../../supabase/functions/_shared/runtime/appContext.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createSessionHandler } from '../../supabase/functions/session/handler.ts'
import { FUNCTIONS } from '../../supabase/functions/_shared/runtime/functionRegistry.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { eventually } from '../support/ports.ts'
import { captureIo } from './support.ts'

const db = useTestDatabase()
let ctx: AppContext
const env = { LINK_SIGNING_SECRET: 'cli-link-secret', CALCOM_WEBHOOK_SECRET: 'cli-calcom-secret', APP_URL: 'https://presence.example' }

beforeAll(() => {
  ctx = createAppContext(loadConfig({ DATABASE_URL: db.url, ...env }), { log: silentLogger, databaseMaxConnections: 2 })
})
afterAll(() => ctx?.close())
beforeEach(() => db.reset())

describe('presence links', () => {
  it('prints a host and a member link that the session function accepts, for an old uid too', async () => {
    const a = sessionTimes(30)
    const b = sessionTimes(90)
    const handler = FUNCTIONS['calcom-webhook-handler'](ctx)
    for (const body of [
      calcomEvents.created({ uid: 'cli-a', ...a }),
      calcomEvents.rescheduled({ uid: 'cli-b', ...b, previousUid: 'cli-a', previousStart: a.start, previousEnd: a.end }),
    ]) {
      const raw = JSON.stringify(body)
      await handler(new Request('http://localhost/', { method: 'POST', headers: { 'x-cal-signature-256': await signCalcomBody(env.CALCOM_WEBHOOK_SECRET, raw) }, body: raw }))
    }
    await eventually(async () => (await ctx.sessions.findByUid('cli-a'))?.state.uid === 'cli-b', 10_000, 'the reschedule')

    const io = captureIo()
    expect(await printSessionLinks(ctx, 'cli-a', io.print)).toBe(0)
    expect(io.out[0]).toMatch(/^Session cli-b \(rescheduled from cli-a\): Created/)
    const links = io.out.slice(1).map((line) => line.trim().split(/\s+/))
    expect(links.map(([role]) => role)).toEqual(['host', 'member'])

    const session = createSessionHandler({ sessions: ctx.sessions, directory: ctx.directory, rooms: ctx.rooms, linkSecret: env.LINK_SIGNING_SECRET, appUrl: env.APP_URL, requestSync: () => {}, log: silentLogger })
    for (const [role, url] of links) {
      const link = new URL(url!)
      expect(link.origin + link.pathname).toBe('https://presence.example/video-session')
      const response = await session(new Request(`http://localhost/session${link.search}`))
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ bookingId: 'cli-b', role })
    }
  })

  it('says so for an unknown booking', async () => {
    const io = captureIo()
    expect(await printSessionLinks(ctx, 'nope', io.print)).toBe(1)
    expect(io.out.join('\n')).toMatch(/No session for booking "nope"/)
  })
})
