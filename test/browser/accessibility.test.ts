import type { Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { sessionLinkUrl, signSessionToken } from '../../shared/links/sessionLinks.ts'
import { latestCodes } from '../../supabase/functions/_shared/auth/local/localAuthTables.ts'
import { openView, sessionView } from '../../web/src/testing/sessionViews.ts'
import { blockingViolations } from '../support/axe.ts'
import { useBrowserStack } from '../support/browserStack.ts'
import { checkPage, expectVisibleFocus, isFocused, liveRegionOf, tabTo } from '../support/pageChecks.ts'
import { bookThroughWebhook } from '../support/bookThroughWebhook.ts'
import { eventually } from '../support/ports.ts'

const MEMBER = { phone: '+61400000456', typed: '0400 000 456', name: 'Kira Keys', email: 'kira@example.com' }
const CALCOM_SECRET = 'a11y-calcom-secret'
const LINK_SECRET = 'a11y-link-secret'

/**
 * Every page that exists, in Chromium against the local stack: axe-core finds no serious or
 * critical violation on any page or state, and the member's whole path works from the keyboard.
 */
describe('accessibility in Chromium, against the local stack', () => {
  const env = useBrowserStack({ env: { CALCOM_WEBHOOK_SECRET: CALCOM_SECRET, LINK_SIGNING_SECRET: LINK_SECRET } })

  const check = checkPage

  it('the axe check fails a page that shuts people out, in the page and in its frames', async () => {
    const page = await env.openPage()
    await page.setContent(`<!doctype html><html lang="en"><head><title>Bad</title></head><body><main>
<p style="color:#bbb;background:#fff">Faint text</p><input type="text">
<iframe title="Inner" srcdoc="<!doctype html><html lang=en><head><title>Inner</title></head><body><main><button></button></main></body></html>"></iframe>
</main></body></html>`)
    await page.frameLocator('iframe[title="Inner"]').locator('button').waitFor()
    const found = await blockingViolations(page, 'a page made to fail')
    expect(found.some((line) => line.includes('color-contrast'))).toBe(true)
    expect(found.some((line) => line.includes('label'))).toBe(true)
    expect(found.some((line) => line.includes('button-name') && line.includes('about:srcdoc'))).toBe(true)
  })

  it("keyboard alone: host search, choose, plan, sign in, pay on the local checkout, book in the stand-in, confirmation; axe passes on every page", async () => {
    const context = await env.openContext()
    const page = await context.newPage()

    await page.goto('/')
    await check(page, 'landing')
    // The first Tab reaches the skip link, and it shows.
    await tabTo(page, page.getByRole('link', { name: 'Skip to content' }), 'the skip link', { max: 1 })
    await tabTo(page, page.getByRole('link', { name: 'Choose a host' }), 'Choose a host')
    await page.keyboard.press('Enter')

    await page.getByRole('list', { name: 'Hosts' }).waitFor()
    await check(page, 'host-selection')
    const searchBox = page.getByRole('searchbox', { name: 'Search by name or bio' })
    await tabTo(page, searchBox, 'the host search')
    await page.keyboard.type('rivers')
    const results = page.getByRole('status').filter({ hasText: /host/ })
    await eventually(async () => (await page.getByRole('list', { name: 'Hosts' }).getByRole('heading').count()) === 1, 5_000, 'the search to narrow the hosts')
    expect(await results.count(), 'the result count is announced').toBeGreaterThan(0)
    const calm = page.getByRole('button', { name: 'Calm' })
    await tabTo(page, calm, 'the Calm toggle')
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: 'Calm', pressed: true }).waitFor()
    // Back again with Shift+Tab: the search keeps its place in the order.
    await tabTo(page, searchBox, 'the host search, backwards', { backwards: true })
    await check(page, 'host-selection-filtered')
    await tabTo(page, page.getByRole('link', { name: 'Choose Jane Rivers' }), 'Choose Jane Rivers')
    await page.keyboard.press('Enter')

    await page.getByRole('heading', { name: 'Choose a plan' }).waitFor()
    await check(page, 'plans')
    const weekly = page.getByRole('radio', { name: /Weekly/ })
    await tabTo(page, page.getByRole('radio', { name: /Adhoc/ }), 'the first plan, Adhoc')
    // Tab enters a radio group once; the arrow keys move the choice within it (native radios).
    await page.keyboard.press('ArrowDown')
    // The choice goes through the URL (a router transition), so the radio is checked on the next render, not within the key press.
    await eventually(() => weekly.isChecked(), 5_000, 'ArrowDown to choose Weekly')
    await expectVisibleFocus(weekly, 'the Weekly plan')
    await tabTo(page, page.getByRole('button', { name: 'Sign in to pay' }), 'Sign in to pay')
    await page.keyboard.press('Enter')

    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await check(page, 'sign-in-phone')
    await tabTo(page, page.getByLabel('Mobile number'), 'the mobile number')
    await page.keyboard.type(MEMBER.typed)
    await tabTo(page, page.getByRole('button', { name: 'Text me a code' }), 'Text me a code')
    await page.keyboard.press('Enter')

    await page.getByRole('heading', { name: 'Enter your code' }).waitFor()
    const codeBox = page.getByLabel(/digit code/)
    await tabTo(page, codeBox, 'the code')
    const [sent] = await latestCodes(env.sql, { phone: MEMBER.phone.slice(1), limit: 1 })
    expect(sent).toBeDefined()
    // A wrong code first: the error is announced.
    await page.keyboard.type(sent!.code === '000000' ? '111111' : '000000')
    await page.keyboard.press('Enter')
    const codeError = page.getByRole('alert').filter({ hasText: /\S/ })
    await codeError.waitFor()
    expect(await liveRegionOf(codeError)).toBe('alert')
    await check(page, 'sign-in-code-error')
    // Focus stays in the emptied field, so the member types the right code straight away.
    expect(await codeBox.inputValue()).toBe('')
    expect(await isFocused(codeBox)).toBe(true)
    await expectVisibleFocus(codeBox, 'the code, after the error')
    await page.keyboard.type(sent!.code)
    await page.keyboard.press('Enter')

    await page.getByRole('heading', { name: 'Tell us about you' }).waitFor()
    await check(page, 'sign-in-profile')
    await tabTo(page, page.getByLabel('Your name'), 'your name')
    await page.keyboard.type(MEMBER.name)
    await tabTo(page, page.getByLabel('Email'), 'email')
    await page.keyboard.type(MEMBER.email)
    await tabTo(page, page.getByRole('button', { name: 'Continue' }), 'Continue')
    await page.keyboard.press('Enter')

    await page.getByRole('heading', { name: 'Choose a plan' }).waitFor()
    expect(await weekly.isChecked()).toBe(true)
    await check(page, 'plans-signed-in')
    await tabTo(page, page.getByRole('button', { name: /^Pay AUD\s40\.00$/ }), 'Pay')
    await page.keyboard.press('Enter')

    await page.waitForURL((url) => url.origin === env.functionsOrigin && url.pathname.startsWith('/local-stripe/checkout/'))
    await page.getByRole('heading', { name: 'Pay Presence' }).waitFor()
    await check(page, 'local-checkout')

    // Before paying, the booking page waits for Stripe's word, and says so in a live region.
    const [purchase] = await env.sql<{ id: string }[]>`select id from purchases order by created_at desc limit 1`
    const waiting = await context.newPage()
    await waiting.goto(`/book?purchase=${purchase!.id}`)
    const confirming = waiting.getByText('Confirming your payment…')
    await confirming.waitFor()
    expect(await liveRegionOf(confirming)).toBe('status')
    await check(waiting, 'book-waiting')
    await waiting.close()

    await tabTo(page, page.getByRole('button', { name: /^Pay AUD\s40\.00$/ }), 'Pay on the local checkout')
    await page.keyboard.press('Enter')

    await page.waitForURL((url) => url.origin === env.server.url && url.pathname === '/book')
    const frame = page.frameLocator('iframe[title="Book a call"]')
    await frame.getByRole('heading', { name: 'Book a session with Jane Rivers' }).waitFor({ timeout: 30_000 })
    await check(page, 'book-calendar')
    // Tab leaves the SPA for the booking page inside the frame; Space picks the first free time.
    const firstSlot = frame.locator('#slots input[name="start"]').first()
    await tabTo(page, firstSlot, 'the first free time')
    await page.keyboard.press('Space')
    expect(await firstSlot.isChecked()).toBe(true)
    await tabTo(page, frame.getByRole('button', { name: 'Confirm booking' }), 'Confirm booking')
    await page.keyboard.press('Enter')

    await page.getByRole('heading', { name: "You're booked with Jane Rivers" }).waitFor()
    const sessionLink = page.getByRole('link', { name: 'Open your session page' })
    await sessionLink.waitFor({ timeout: 30_000 })
    await check(page, 'book-confirmation')
    await tabTo(page, sessionLink, 'Open your session page')
    const [booking] = await env.sql<{ booking_id: string }[]>`
      select s.booking_id from sessions s join paid_sessions p on p.id = s.paid_session_id where p.purchase_id = ${purchase!.id}`
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname === '/video-session')
    await page.getByText('Jane Rivers').first().waitFor()
    await check(page, 'video-session-from-booking')

    // The stand-in's own booking pages: the booking, its reschedule page, and once cancelled.
    const bookingPage = await context.newPage()
    await bookingPage.goto(`${env.functionsOrigin}/local-cal/booking/${booking!.booking_id}`)
    await bookingPage.getByRole('heading', { name: 'Your session' }).waitFor()
    await check(bookingPage, 'local-cal-booking')
    await bookingPage.goto(`${env.functionsOrigin}/local-cal/reschedule/${booking!.booking_id}`)
    await bookingPage.getByRole('heading', { name: 'Reschedule your session with Jane Rivers' }).waitFor()
    await check(bookingPage, 'local-cal-reschedule')
    await bookingPage.goto(`${env.functionsOrigin}/local-cal/booking/${booking!.booking_id}`)
    await tabTo(bookingPage, bookingPage.getByRole('button', { name: 'Cancel session' }), 'Cancel session')
    await bookingPage.keyboard.press('Enter')
    await bookingPage.getByRole('heading', { name: 'This session is cancelled' }).waitFor()
    await check(bookingPage, 'local-cal-cancelled')
  }, 240_000)

  describe('the session page in each state', () => {
    const link = '/video-session?bookingId=uid-1&userType=member&token=v1.test'
    const isSessionGet = (url: URL) => url.href.startsWith(`${env.functionsUrl}/session?`)
    const answer = (route: Route, status: number, body: unknown) => route.fulfill({ status, json: body, headers: { 'access-control-allow-origin': '*' } })

    async function bookSession(startsInMs: number): Promise<string> {
      const { uid, sessionId } = await bookThroughWebhook(env, CALCOM_SECRET, startsInMs)
      return sessionLinkUrl(env.server.url, uid, 'member', await signSessionToken(LINK_SECRET, sessionId, 'member'))
    }

    it('loading, link problems, pending, cancelled, unavailable and ended each pass axe', async () => {
      const page = await env.openPage()
      const held = new Promise<Route>((resolve) => void page.route(isSessionGet, resolve))
      await page.goto(link)
      const loading = page.getByText('Loading your session…')
      await loading.waitFor()
      expect(await liveRegionOf(loading)).toBe('status')
      await check(page, 'video-session-loading')
      await answer(await held, 200, sessionView())
      await page.getByRole('timer').waitFor()
      await page.unrouteAll()

      await page.goto('/video-session?bookingId=uid-1&userType=member')
      await page.getByRole('heading', { name: 'This session link is incomplete' }).waitFor()
      await check(page, 'video-session-link-incomplete')

      const cases: Array<{ name: string; status: number; body: unknown; heading: string }> = [
        { name: 'link-invalid', status: 403, body: { error: 'invalid_link', message: 'no' }, heading: 'This session link is not valid' },
        { name: 'link-expired', status: 403, body: { error: 'link_expired', message: 'over' }, heading: 'This session link has expired' },
        { name: 'unavailable', status: 500, body: { error: 'internal_error', message: 'oops' }, heading: "We couldn't load your session" },
        { name: 'not-found', status: 404, body: { error: 'not_found', message: 'none' }, heading: "We can't find this session" },
        { name: 'pending', status: 200, body: sessionView({ bookingStatus: 'Pending', roomStatus: 'Not Created' }), heading: 'Waiting for the host to confirm' },
        {
          name: 'cancelled',
          status: 200,
          body: sessionView({ bookingStatus: 'Cancelled', cancellationReason: 'Host is unwell', roomStatus: 'Ended' }),
          heading: 'This session was cancelled',
        },
        { name: 'ended', status: 200, body: sessionView({}, Date.now(), -3 * 3600_000), heading: 'This session has ended' },
      ]
      for (const { name, status, body, heading } of cases) {
        await page.route(isSessionGet, (route) => answer(route, status, body))
        await page.goto(link)
        await page.getByRole('heading', { name: heading }).waitFor()
        await check(page, `video-session-${name}`)
        await page.unrouteAll()
      }

      // A room that could not be made: the error is an alert.
      await page.route(isSessionGet, (route) => answer(route, 200, openView({ roomStatus: 'Not Created', join: null })))
      await page.route(`${env.functionsUrl}/daily-create-room`, (route) =>
        route.request().method() === 'OPTIONS'
          ? route.fulfill({ status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS', 'access-control-allow-headers': 'content-type' } })
          : answer(route, 502, { error: 'provider_error', message: 'Daily refused' }),
      )
      await page.goto(link)
      const roomError = page.getByRole('alert').filter({ hasText: "We couldn't prepare your video room." })
      await roomError.waitFor()
      await check(page, 'video-session-room-error')
    })

    it('countdown, lobby, call and after, from a real booking, pass axe; the countdown is a live timer and Join is reached by Tab', async () => {
      const page = await env.openPage()
      await page.goto(await bookSession(3 * 3600_000))
      const timer = page.getByRole('timer')
      await timer.waitFor()
      expect(await liveRegionOf(timer)).toBe('timer')
      expect(await timer.evaluate((element) => element.closest('[aria-live]')?.getAttribute('aria-live') ?? null)).not.toBe('off')
      await check(page, 'video-session-countdown')

      await page.goto(await bookSession(5 * 60_000))
      const join = page.getByRole('button', { name: 'Join' })
      await page.locator('button:enabled', { hasText: 'Join' }).waitFor()
      await check(page, 'video-session-lobby')
      await tabTo(page, join, 'Join')
      await page.keyboard.press('Enter')
      const room = page.frameLocator('iframe[title="Video call"]')
      await room.getByRole('heading', { name: 'You are in room', exact: false }).waitFor()
      await page.getByText('You are in the call.').waitFor()
      await check(page, 'video-session-call')
      const leave = page.getByRole('button', { name: 'Leave call' })
      await tabTo(page, leave, 'Leave call', { backwards: true })
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { name: 'You have left the call' }).waitFor()
      await check(page, 'video-session-after')
    })
  })
})
