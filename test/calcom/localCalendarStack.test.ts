import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalStack, type LocalStack } from '../../scripts/stack/localStack.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { eventually, freePort } from '../support/ports.ts'
import { readEmbedCoreScript } from './localCalendarSetup.ts'

/** Smoke: the stand-in as `npm start` serves it, under Deno, with the seeded demo hosts and the worker behind the webhook. */
describe('local Cal.com stand-in on the local stack', () => {
  let stack: LocalStack
  let sql: Sql
  let origin: string

  beforeAll(async () => {
    const [functions, db, worker] = [await freePort(), await freePort(), await freePort()]
    origin = `http://127.0.0.1:${functions}`
    stack = await startLocalStack({
      env: { PATH: process.env.PATH, HOME: process.env.HOME, FUNCTIONS_PORT: String(functions), DB_PORT: String(db), WORKER_PORT: String(worker) },
      onFunctionsOutput: () => {},
    })
    sql = connectDatabase(stack.databaseUrl, { max: 2 })
  }, 120_000)

  afterAll(async () => {
    await sql?.end()
    await stack?.stop()
  })

  it('serves embed.js and a demo host’s page; a booking reaches the pipeline as a session', async () => {
    const script = await fetch(`${origin}/local-cal/embed/embed.js`)
    expect(script.status).toBe(200)
    expect(await script.text()).toBe(await readEmbedCoreScript())

    const page = await fetch(`${origin}/local-cal/mei-lin/session/embed?embed=&name=Max+Member&email=max%40presence.example`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Book a session with Mei Lin')
    // Mei Lin's seeded hours (Mon, Wed, Fri 08:00-12:00 and 13:00-16:00 in Perth): 14 slots a day.
    const starts = [...html.matchAll(/name="start" value="([^"]+)"/g)].map((match) => match[1]!)
    const perthHours = new Set(starts.map((start) => (new Date(start).getUTCHours() + 8) % 24))
    expect([...perthHours].sort((a, b) => a - b)).toEqual([8, 9, 10, 11, 13, 14, 15])

    const booked = await fetch(`${origin}/local-cal/mei-lin/session/embed?embed=&metadata%5BmemberId%5D=member-1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ start: starts.at(-1)!, name: 'Max Member', email: 'max@presence.example', timeZone: 'Australia/Sydney' }),
      redirect: 'manual',
    })
    expect(booked.status).toBe(303)
    const uid = decodeURIComponent(/\/booking\/([^/?]+)/.exec(booked.headers.get('location')!)![1]!)
    const confirmation = await (await fetch(`${origin}${booked.headers.get('location')}`)).text()
    expect(confirmation).toContain('BOOKING_CREATED: delivered to Presence (200)')
    const record = await eventually(async () => {
      const [row] = await sql<{ booking_status: string; host_name: string; session_start: Date }[]>`
        select booking_status, host_name, session_start from presence_operations where booking_id = ${uid}`
      return row
    }, 20_000, 'the booking in Presence Operations')
    expect(record).toEqual({ booking_status: 'Created', host_name: 'Mei Lin', session_start: new Date(starts.at(-1)!) })
  }, 60_000)
})
