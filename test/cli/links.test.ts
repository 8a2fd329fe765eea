import { beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../scripts/cli/run.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createSessionHandler } from '../../supabase/functions/session/handler.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook, type TestPipeline } from '../support/pipeline.ts'
import { captureIo } from './support.ts'

const db = useTestDatabase()
let pipeline: TestPipeline
const env = { LINK_SIGNING_SECRET: 'cli-link-secret', APP_URL: 'https://presence.example' }

beforeEach(async () => {
  await db.reset()
  pipeline = createTestPipeline(db)
})

async function links(bookingId: string) {
  const io = captureIo()
  const code = await runCli(['links', bookingId], { ...io, env: { DATABASE_URL: db.url, ...env }, fetch })
  return { code, out: io.out }
}

describe('presence links', () => {
  it('prints a host and a member link that the session function accepts, for an old booking id too', async () => {
    const a = sessionTimes(30)
    const b = sessionTimes(90)
    const webhook = createTestWebhook(pipeline)
    await webhook.send(calcomEvents.created({ uid: 'cli-a', ...a }))
    await webhook.send(calcomEvents.rescheduled({ uid: 'cli-b', ...b, previousUid: 'cli-a', previousStart: a.start, previousEnd: a.end }))
    await webhook.settle()

    const { code, out } = await links('cli-a')
    expect(code).toBe(0)
    expect(out[0]).toMatch(/^Session cli-b \(rescheduled from cli-a\): Created/)
    const printed = out.slice(1).map((line) => line.trim().split(/\s+/))
    expect(printed.map(([role]) => role)).toEqual(['host', 'member'])

    const session = createSessionHandler({
      sessions: pipeline.sessions,
      directory: pipeline.directory,
      rooms: pipeline.rooms,
      linkSecret: env.LINK_SIGNING_SECRET,
      appUrl: env.APP_URL,
      cancellationCutoffHours: 24,
      requestSync: () => {},
      log: silentLogger,
    })
    for (const [role, url] of printed) {
      const link = new URL(url!)
      expect(link.origin + link.pathname).toBe('https://presence.example/video-session')
      const response = await session(new Request(`http://localhost/session${link.search}`))
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ bookingId: 'cli-b', role })
    }
  })

  it('says so for an unknown booking', async () => {
    const { code, out } = await links('nope')
    expect(code).toBe(1)
    expect(out.join('\n')).toMatch(/No session for booking "nope"/)
  })
})
