import type { Request as BrowserRequest, Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { sessionLinkUrl, signSessionToken } from '../../shared/links/sessionLinks.ts'
import { sessionViewSchema, type SessionView } from '../../shared/api/session.ts'
import type { Role } from '../../shared/sessions/sessionView.ts'
import { openedAt, openView, sessionView } from '../../web/src/testing/sessionViews.ts'
import { screenshot } from '../support/browser.ts'
import { useBrowserStack } from '../support/browserStack.ts'
import { readCalendar } from '../calendar/readCalendar.ts'
import { bookThroughWebhook } from '../support/bookThroughWebhook.ts'
import { eventually } from '../support/ports.ts'

const CALCOM_SECRET = 'browser-calcom-secret'
const LINK_SECRET = 'browser-link-secret'
const SERVICE_KEY = 'browser-service-key'

/** Stands in for Daily Prebuilt: speaks daily-js's frame protocol (`iframe-call-message`) back to the SDK. */
const PREBUILT_STAND_IN = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Daily Prebuilt stand-in</title></head>
<body style="font-family: sans-serif; background: #121a24; color: #fff; text-align: center; padding-top: 3rem">
<h1 id="state">Daily Prebuilt stand-in: loading</h1>
<p id="token"></p>
<button type="button" id="leave">Leave</button>
<script>
  const callClientId = new URLSearchParams(location.search).get('emb')
  const send = (action, fields = {}) =>
    parent.postMessage({ what: 'iframe-call-message', from: 'embedded', callClientId, action, ...fields }, '*')
  window.addEventListener('message', (event) => {
    const message = event.data
    if (!message || message.what !== 'iframe-call-message' || message.callClientId !== callClientId) return
    if (message.action === 'join-meeting') {
      document.getElementById('state').textContent = 'Daily Prebuilt stand-in: joined'
      document.getElementById('token').textContent = 'token in join: ' + message.properties.token
      send('joined-meeting', { participants: { local: { session_id: 'local-1', local: true, user_name: 'Max Member' } } })
    }
    if (message.action === 'leave-meeting') send('left-meeting')
  })
  document.getElementById('leave').addEventListener('click', () => {
    document.getElementById('state').textContent = 'Daily Prebuilt stand-in: left'
    send('left-meeting')
  })
  send('loaded')
</script>
</body></html>`

describe('video session page in Chromium, against the local stack', () => {
  const env = useBrowserStack({
    env: { CALCOM_WEBHOOK_SECRET: CALCOM_SECRET, LINK_SIGNING_SECRET: LINK_SECRET, SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY },
    defaults: { viewport: { width: 1024, height: 800 }, timeoutMs: 10_000 },
  })
  const openPage = (timezoneId = 'Australia/Sydney') => env.openPage({ timezoneId })

  const bookSession = (startsInMs: number) => bookThroughWebhook(env, CALCOM_SECRET, startsInMs)

  const linkFor = async (uid: string, sessionId: string, role: Role) => sessionLinkUrl(env.server.url, uid, role, await signSessionToken(LINK_SECRET, sessionId, role))

  const recordOf = (uid: string) =>
    env.sql<{ member_joined: boolean; host_joined: boolean; member_rating: number | null; member_comment: string | null; host_rating: number | null; host_comment: string | null }[]>`
      select member_joined, host_joined, member_rating, member_comment, host_rating, host_comment from presence_operations where booking_id = ${uid}`.then((rows) => rows[0])

  it('member and host each join the local room, are recorded as joined, leave and rate', async () => {
    // Starts in 5 minutes: the join window (from 15 minutes before) is open for the whole test.
    const { uid, sessionId } = await bookSession(5 * 60_000)

    async function attend(role: Role, timezoneId: string, stars: number, comment: string) {
      const page = await openPage(timezoneId)
      const shot = (state: string) => screenshot(page, `video-session-${role}-${state}`)
      await page.goto(await linkFor(uid, sessionId, role))

      const join = page.locator('button:enabled', { hasText: 'Join' })
      await join.waitFor()
      expect(await page.locator('.session-facts').textContent()).toContain(`Times in ${timezoneId}`)
      await shot('2-open')

      await join.click()
      const room = page.frameLocator('iframe[title="Video call"]')
      await room.getByRole('heading', { name: 'You are in room', exact: false }).waitFor()
      await page.getByText('You are in the call.').waitFor()
      await shot('3-in-call')
      const column = role === 'host' ? 'host_joined' : 'member_joined'
      await eventually(async () => (await recordOf(uid))?.[column] === true, 10_000, `${column} on the record`)

      await room.getByRole('button', { name: 'Leave' }).click()
      await page.getByRole('heading', { name: 'You have left the call' }).waitFor()
      expect(await page.getByRole('region', { name: 'Reflect on your session' }).textContent()).toContain('Thanks for your session with Jane Rivers')
      expect(await page.getByRole('link', { name: 'Rebook' }).count()).toBe(role === 'member' ? 1 : 0)
      await page.getByRole('radio', { name: `${stars} stars` }).check()
      await page.getByRole('textbox', { name: "Anything you'd like to add? (optional)" }).fill(comment)
      await shot('4-rating')
      await page.getByRole('button', { name: 'Send rating' }).click()
      await page.getByText(`Thank you for your rating: ${stars} out of 5.`).waitFor()
      await shot('5-rated')
    }

    await Promise.all([attend('member', 'Australia/Sydney', 5, 'Lovely chat, thank you'), attend('host', 'Europe/London', 4, 'Good first session')])

    const [session] = await env.sql`select member_rating, member_comment, host_rating, host_comment, member_joined_at, host_joined_at from sessions where id = ${sessionId}`
    expect(session).toMatchObject({ member_rating: 5, member_comment: 'Lovely chat, thank you', host_rating: 4, host_comment: 'Good first session' })
    expect(session?.member_joined_at).not.toBeNull()
    expect(session?.host_joined_at).not.toBeNull()
    const record = await eventually(async () => {
      const row = await recordOf(uid)
      return row?.member_rating === 5 && row.host_rating === 4 ? row : undefined
    }, 10_000, 'ratings on the record')
    expect(record).toEqual({ member_joined: true, host_joined: true, member_rating: 5, member_comment: 'Lovely chat, thank you', host_rating: 4, host_comment: 'Good first session' })
  }, 60_000)

  it('before the window: the real view with a countdown; when the page clock reaches the opening, it asks again and Join enables itself', async () => {
    const { uid, sessionId } = await bookSession(3 * 3600_000)
    const page = await openPage('Europe/London')
    // The page's timers run on a clock the test moves; the function keeps the real one.
    await page.clock.install()
    let firstView: SessionView | undefined
    const gets: string[] = []
    await page.route(
      (url) => url.href.startsWith(`${env.functionsUrl}/session?`),
      async (route) => {
        gets.push(route.request().url())
        if (!firstView) {
          const response = await route.fetch()
          firstView = sessionViewSchema.parse(await response.json())
          return route.fulfill({ response, json: firstView })
        }
        // Asked again at the opening: answered as the function will answer then, hours from now by its own clock.
        return route.fulfill({ status: 200, json: openedAt(firstView), headers: { 'access-control-allow-origin': '*' } })
      },
    )
    await page.goto(await linkFor(uid, sessionId, 'member'))

    await page.getByRole('timer').waitFor()
    expect(firstView).toMatchObject({ bookingId: uid, joinWindow: { state: 'before' } })
    expect(await page.getByRole('button', { name: 'Join' }).isDisabled()).toBe(true)
    const facts = await page.locator('.session-facts').textContent()
    expect(facts).toContain('Jane Rivers')
    expect(facts).toContain('Max Member')
    expect(facts).toContain('Times in Europe/London')
    expect(await page.getByRole('region', { name: 'Before your session' }).textContent()).toContain('your session with Jane Rivers starts at')
    await screenshot(page, 'video-session-member-1-countdown')
    expect(gets).toHaveLength(1)

    await page.clock.fastForward(Date.parse(firstView!.joinWindow.opensAt) - Date.parse(firstView!.serverTime))
    await page.locator('button:enabled', { hasText: 'Join' }).waitFor()
    expect(gets).toHaveLength(2)
    expect(await page.getByText(/The room is open/).count()).toBe(1)
  })

  it('"Add to calendar" by keyboard downloads the real function\'s invite: this session, this member\'s link, their zone', async () => {
    const { uid, sessionId } = await bookSession(3 * 3600_000)
    const page = await openPage('Europe/London')
    const link = await linkFor(uid, sessionId, 'member')
    await page.goto(link)
    const add = page.getByRole('link', { name: 'Add to calendar' })
    await add.focus()
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    expect(download.suggestedFilename()).toBe('presence-session.ics')
    const chunks: Buffer[] = []
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer)
    const invite = readCalendar(Buffer.concat(chunks).toString('utf8'))
    const [row] = await env.sql<{ start: string }[]>`select state->>'start' as start from sessions where id = ${sessionId}`
    expect(invite).toMatchObject({ uid: `${sessionId}@presence`, summary: 'Presence session with Jane Rivers', status: 'CONFIRMED', url: link, timeZone: 'Australia/Sydney' })
    // DTSTART is to the second; this booking's start has milliseconds.
    expect(invite.start).toBe(new Date(Math.floor(Date.parse(row!.start) / 1000) * 1000).toISOString())
    // The page is still there: a download is not a navigation.
    expect(await page.getByRole('timer').count()).toBe(1)
  })

  it('a session whose room was lost: the page has daily-create-room make it again, then joins', async () => {
    const { uid, sessionId } = await bookSession(5 * 60_000)
    await eventually(async () => (await env.sql`select 1 from sessions where id = ${sessionId} and room_status = 'Active'`).length === 1, 10_000, 'the room')
    // As if the provider lost it: no room there, and the session knows of none.
    await env.sql`update local_rooms set deleted_at = now() where name = (select room_name from sessions where id = ${sessionId})`
    await env.sql`update sessions set room_status = 'Not Created', room_url = null where id = ${sessionId}`

    const page = await openPage()
    const creation = page.waitForRequest((request) => request.url() === `${env.functionsUrl}/daily-create-room` && request.method() === 'POST')
    await page.goto(await linkFor(uid, sessionId, 'member'))
    expect((await creation).postDataJSON()).toMatchObject({ bookingId: uid, userType: 'member' })
    await page.locator('button:enabled', { hasText: 'Join' }).click()
    await page.frameLocator('iframe[title="Video call"]').getByRole('heading', { name: 'You are in room', exact: false }).waitFor()
    expect(await env.sql`select 1 from local_rooms where deleted_at is null and name = (select room_name from sessions where id = ${sessionId})`).toHaveLength(1)
  })

  it('a forged link gets the invalid-link screen from the real function', async () => {
    const { uid, sessionId } = await bookSession(3 * 3600_000)
    const page = await openPage()
    const hostToken = await signSessionToken(LINK_SECRET, sessionId, 'host')
    await page.goto(sessionLinkUrl(env.server.url, uid, 'member', hostToken))
    await page.getByRole('heading', { name: 'This session link is not valid' }).waitFor()
  })

  describe('every other state has its own screen', () => {
    const link = '/video-session?bookingId=uid-1&userType=member&token=v1.test'
    const isSessionGet = (url: URL) => url.href.startsWith(`${env.functionsUrl}/session?`)
    const answer = (route: Route, status: number, body: unknown) =>
      route.fulfill({ status, json: body, headers: { 'access-control-allow-origin': '*' } })

    const cases: Array<{ name: string; status: number; body: unknown; heading: string }> = [
      { name: 'link-invalid', status: 403, body: { error: 'invalid_link', message: 'no' }, heading: 'This session link is not valid' },
      { name: 'link-expired', status: 403, body: { error: 'link_expired', message: 'over' }, heading: 'This session link has expired' },
      { name: 'not-found', status: 404, body: { error: 'not_found', message: 'none' }, heading: "We can't find this session" },
      { name: 'server-error', status: 500, body: { error: 'internal_error', message: 'oops' }, heading: "We couldn't load your session" },
      {
        name: 'cancelled',
        status: 200,
        body: sessionView({ bookingStatus: 'Cancelled', cancellationReason: 'Host is unwell', roomStatus: 'Ended' }),
        heading: 'This session was cancelled',
      },
      { name: 'pending', status: 200, body: sessionView({ bookingStatus: 'Pending', roomStatus: 'Not Created' }), heading: 'Waiting for the host to confirm' },
      { name: 'ended', status: 200, body: sessionView({}, Date.now(), -3 * 3600_000), heading: 'This session has ended' },
    ]

    it('loading, an incomplete link, and each answer of the session function', async () => {
      const page = await openPage()
      // Held unanswered until the loading screen has been seen.
      const held = new Promise<Route>((resolve) => void page.route(isSessionGet, resolve))
      await page.goto(link)
      await page.getByRole('status').filter({ hasText: 'Loading your session…' }).waitFor()
      await screenshot(page, 'video-session-state-loading')
      await answer(await held, 200, sessionView())
      await page.getByRole('timer').waitFor()
      await page.unrouteAll()

      await page.goto('/video-session?bookingId=uid-1&userType=member')
      await page.getByRole('heading', { name: 'This session link is incomplete' }).waitFor()
      await screenshot(page, 'video-session-state-link-incomplete')

      for (const { name, status, body, heading } of cases) {
        await page.route(isSessionGet, (route) => answer(route, status, body))
        await page.goto(link)
        await page.getByRole('heading', { name: heading }).waitFor()
        await screenshot(page, `video-session-state-${name}`)
        await page.unrouteAll()
      }
    })

    it('a missing room: progress while daily-create-room works, then its failure with "Try again"', async () => {
      const page = await openPage()
      const missing = openView({ roomStatus: 'Not Created', join: null })
      await page.route(isSessionGet, (route) => answer(route, 200, missing))
      let failCreation!: () => Promise<void>
      const created = new Promise<BrowserRequest>((resolve) =>
        page.route(`${env.functionsUrl}/daily-create-room`, (route) => {
          if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: corsPreflight })
          failCreation = () => answer(route, 502, { error: 'provider_error', message: 'Daily refused' })
          resolve(route.request())
        }),
      )
      await page.goto(link)
      expect((await created).postDataJSON()).toEqual({ bookingId: 'uid-1', userType: 'member', token: 'v1.test' })
      await page.getByText('Preparing your room…').waitFor()
      await screenshot(page, 'video-session-state-preparing-room')

      await failCreation()
      await page.getByRole('alert').filter({ hasText: "We couldn't prepare your video room." }).waitFor()
      expect(await page.getByRole('button', { name: 'Try again' }).isEnabled()).toBe(true)
      await screenshot(page, 'video-session-state-room-error')
    })
  })

  it('Daily provider: daily-js loads only on Join, as its own chunk, and its frame reports joining and leaving', async () => {
    const page = await openPage()
    const roomUrl = 'https://presence.daily.co/test-room'
    const view: SessionView = openView()
    view.join = { provider: 'daily', roomUrl, token: 'daily-meeting-token', expiresAt: view.joinWindow.closesAt }

    const posts: unknown[] = []
    await page.route(
      (url) => url.href.startsWith(`${env.functionsUrl}/session`),
      (route) => {
        const request = route.request()
        if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: corsPreflight })
        if (request.method() === 'POST') posts.push(request.postDataJSON())
        return route.fulfill({ status: 200, json: view, headers: { 'access-control-allow-origin': '*' } })
      },
    )
    const dailyRequests: string[] = []
    await page.route('https://*.daily.co/**', (route) => {
      dailyRequests.push(route.request().url())
      return route.fulfill({ status: 200, contentType: 'text/html', body: PREBUILT_STAND_IN })
    })
    const scripts: string[] = []
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname)
    })
    const dailyChunk = (path: string) => /\/assets\/daily-esm-[\w-]+\.js$/.test(path)

    await page.goto('/video-session?bookingId=uid-1&userType=member&token=v1.test')
    await page.locator('button:enabled', { hasText: 'Join' }).waitFor()
    expect(scripts.filter(dailyChunk)).toEqual([])

    await page.getByRole('button', { name: 'Join' }).click()
    const frame = page.frameLocator('iframe[title="Video call"]')
    await frame.getByRole('heading', { name: 'Daily Prebuilt stand-in: joined' }).waitFor()
    await page.getByText('You are in the call.').waitFor()
    expect(scripts.filter(dailyChunk)).toHaveLength(1)

    const src = new URL((await page.locator('iframe[title="Video call"]').getAttribute('src'))!)
    expect(`${src.origin}${src.pathname}`).toBe(roomUrl)
    expect(src.searchParams.get('t')).toBe('daily-meeting-token')
    expect(await frame.locator('#token').textContent()).toBe('token in join: daily-meeting-token')
    expect(dailyRequests).toHaveLength(1)
    await eventually(async () => posts.length === 1, 5_000, 'the joined POST')
    // With the zone the page shows times in (the context's), for the prompts the answer fills.
    expect(posts[0]).toEqual({ action: 'joined', bookingId: 'uid-1', userType: 'member', token: 'v1.test', timeZone: 'Australia/Sydney' })
    await screenshot(page, 'video-session-daily-in-call')

    await frame.getByRole('button', { name: 'Leave' }).click()
    await page.getByRole('heading', { name: 'You have left the call' }).waitFor()
    expect(await page.locator('iframe').count()).toBe(0)

    // Rejoining makes a new call instance (daily-js allows one at a time), and the page's own
    // "Leave call" goes through daily-js's leave(), which the frame answers with left-meeting.
    await page.getByRole('button', { name: 'Rejoin the call' }).click()
    await frame.getByRole('heading', { name: 'Daily Prebuilt stand-in: joined' }).waitFor()
    await page.getByRole('button', { name: 'Leave call' }).click()
    await page.getByRole('heading', { name: 'You have left the call' }).waitFor()
    expect(dailyRequests).toHaveLength(2)
    expect(scripts.filter(dailyChunk)).toHaveLength(1)
    await eventually(async () => posts.length === 2, 5_000, 'the second joined POST')
  })
})

const corsPreflight = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
}
