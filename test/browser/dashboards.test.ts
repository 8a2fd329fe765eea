import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_HOSTS, DEMO_MEMBER } from '../../scripts/db/seed.ts'
import { useBrowserStack } from '../support/browserStack.ts'
import { checkPage, tabTo } from '../support/pageChecks.ts'
import { bookThroughWebhook } from '../support/bookThroughWebhook.ts'
import { eventually } from '../support/ports.ts'
import { signInThroughPage } from '../support/signInThroughPage.ts'

const CALCOM_SECRET = 'dashboards-calcom-secret'
const JANE = DEMO_HOSTS.find((host) => host.name === 'Jane Rivers')!
const HOUR_MS = 3_600_000
/** The room opens 15 minutes before the start; the second session's window opens this long after it is booked. */
const WINDOW_OPENS_IN_MS = 12_000

/**
 * Both dashboards on `npm start`'s defaults: the built SPA in Chromium against the local stack.
 * A member with three credits books one in the Cal.com stand-in and another a few seconds from
 * its window, waits out the countdown and joins; the host joins as host and likes the member; the
 * member sees "Host liked you" until they dismiss it. The member's part on the dashboard is done
 * with the keyboard alone, and axe checks every state of both dashboards on the way.
 */
describe('dashboards in Chromium, against the local stack', () => {
  const env = useBrowserStack({ env: { CALCOM_WEBHOOK_SECRET: CALCOM_SECRET }, defaults: { timeoutMs: 20_000 } })

  const articles = (page: Page, section: string) => page.getByRole('region', { name: section }).getByRole('article')

  async function janeId(): Promise<string> {
    const [row] = await env.sql<{ id: string }[]>`select id from hosts where phone = ${JANE.phone}`
    return row!.id
  }

  async function buyWeekly(page: Page, hostId: string): Promise<string> {
    await signInThroughPage(page, env.sql, DEMO_MEMBER.phone, `/plans?host=${hostId}&plan=weekly`)
    await page.getByRole('button', { name: /^Pay AUD\s40\.00$/ }).click()
    await page.getByRole('heading', { name: 'Pay Presence' }).waitFor()
    await page.getByRole('button', { name: /^Pay AUD\s40\.00$/ }).click()
    await page.waitForURL((url) => url.pathname === '/book')
    return new URL(page.url()).searchParams.get('purchase')!
  }

  async function bookInStandIn(page: Page): Promise<void> {
    const frame = page.frameLocator('iframe[title="Book a call"]')
    await frame.getByRole('heading', { name: 'Book a session with Jane Rivers' }).waitFor({ timeout: 30_000 })
    const starts = await frame.locator('#slots input[name="start"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))
    const start = starts.find((value) => Date.parse(value) > Date.now() + 48 * HOUR_MS)!
    await frame.locator(`#slots input[value="${start}"]`).check()
    await frame.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('link', { name: 'Open your session page' }).waitFor({ timeout: 30_000 })
  }

  /** What Cal.com posts when the member books the purchase's next credit at a time the stand-in's hours would not offer. */
  async function bookSoon(purchaseId: string, memberId: string): Promise<string> {
    const [credit] = await env.sql<{ id: string }[]>`
      select id from paid_sessions where purchase_id = ${purchaseId} and credit_status = 'available' order by position limit 1`
    const { uid } = await bookThroughWebhook(env, CALCOM_SECRET, 15 * 60_000 + WINDOW_OPENS_IN_MS, {
      uid: `dashboards-soon-${Date.now()}`,
      attendeeEmail: DEMO_MEMBER.email,
      attendeeName: DEMO_MEMBER.name,
      memberId,
      paidSessionId: credit!.id,
    })
    await eventually(async () => {
      const [row] = await env.sql<{ credit_status: string }[]>`select credit_status from paid_sessions where id = ${credit!.id}`
      return row?.credit_status === 'booked'
    }, 15_000, 'the second credit to be booked')
    return uid
  }

  async function joinFromSessionPage(page: Page, { keyboard }: { keyboard: boolean }): Promise<void> {
    await page.waitForURL((url) => url.pathname === '/video-session')
    const join = page.getByRole('button', { name: 'Join' })
    await page.locator('button:enabled', { hasText: 'Join' }).waitFor()
    if (keyboard) {
      await tabTo(page, join, 'Join on the session page')
      await page.keyboard.press('Enter')
    } else {
      await join.click()
    }
    await page.frameLocator('iframe[title="Video call"]').getByRole('heading', { name: 'You are in room', exact: false }).waitFor()
  }

  /** The host's calendar has loaded in its frame: Cal.com's own loading skeleton (unlabelled buttons) is gone. */
  async function availabilityLoaded(page: Page): Promise<void> {
    await page.frameLocator('iframe[title="Book a call"]').getByRole('heading', { name: 'Book a session with Jane Rivers' }).waitFor({ timeout: 30_000 })
    // embed.js hides its skeleton (in the element's shadow root) once the frame says the link is ready.
    await page.waitForFunction(() => {
      const embeds = [...document.querySelectorAll('cal-inline')]
      return embeds.length > 0 && embeds.every((embed) => embed.getAttribute('loading') === 'done' && embed.shadowRoot?.querySelector<HTMLElement>('#skeleton')?.style.display === 'none')
    })
  }

  const textOf = async (locator: Locator) => (await locator.textContent())?.replace(/\s+/g, ' ') ?? ''

  it('a member books, waits out the countdown and joins; the host joins as host and likes them; the member sees the banner until dismissed', async () => {
    const hostId = await janeId()
    const [member] = await env.sql<{ id: string }[]>`select id from members where phone = ${DEMO_MEMBER.phone}`

    const memberPage = await env.openPage({ timezoneId: 'Australia/Sydney' })
    const purchaseId = await buyWeekly(memberPage, hostId)
    await bookInStandIn(memberPage)

    await memberPage.goto('/dashboard')
    await memberPage.getByRole('heading', { name: 'Your sessions', level: 1 }).waitFor()
    await eventually(async () => (await articles(memberPage, 'Upcoming').count()) === 1, 10_000, 'the booking on the dashboard')
    expect(await textOf(articles(memberPage, 'Upcoming').first())).toContain('Jane Rivers')
    expect(await textOf(memberPage.getByRole('region', { name: 'Your credits' }))).toMatch(/2 Weekly sessions left with Jane Rivers/)
    await checkPage(memberPage, 'dashboard-member-booked')

    const soonUid = await bookSoon(purchaseId, member!.id)
    await memberPage.reload()
    await eventually(async () => (await articles(memberPage, 'Upcoming').count()) === 2, 10_000, 'both bookings on the dashboard')
    const soonest = articles(memberPage, 'Upcoming').first()
    expect(await textOf(memberPage.getByRole('region', { name: 'Your credits' }))).toMatch(/1 Weekly session left with Jane Rivers/)
    // Before the window: a countdown, and no way in yet.
    expect(await soonest.getByRole('timer').count()).toBe(1)
    expect(await soonest.getByRole('link', { name: 'Join' }).count()).toBe(0)
    await checkPage(memberPage, 'dashboard-member-countdown')
    // The countdown runs out on the page itself (no reload), and Join appears.
    const join = soonest.getByRole('link', { name: 'Join' })
    await join.waitFor({ timeout: WINDOW_OPENS_IN_MS + 15_000 })
    await checkPage(memberPage, 'dashboard-member-joinable')
    await tabTo(memberPage, join, 'Join on the dashboard', { max: 60 })
    await memberPage.keyboard.press('Enter')
    await joinFromSessionPage(memberPage, { keyboard: true })
    expect(new URL(memberPage.url()).searchParams.get('bookingId')).toBe(soonUid)

    const hostPage = await env.openPage({ timezoneId: 'Europe/London' })
    await signInThroughPage(hostPage, env.sql, JANE.phone, '/host')
    await hostPage.getByRole('heading', { name: 'Your hosting', level: 1 }).waitFor()
    const hostUpcoming = articles(hostPage, 'Upcoming')
    await eventually(async () => (await hostUpcoming.count()) === 2, 10_000, "the host's two upcoming sessions")
    expect(await textOf(hostUpcoming.first())).toContain(DEMO_MEMBER.name)
    await availabilityLoaded(hostPage)
    await checkPage(hostPage, 'dashboard-host-upcoming')
    await hostUpcoming.first().getByRole('link', { name: 'Join as host' }).click()
    await joinFromSessionPage(hostPage, { keyboard: false })
    expect(new URL(hostPage.url()).searchParams.get('userType')).toBe('host')

    // Back on the dashboard, the host marks that they enjoyed meeting the member.
    await hostPage.goto('/host')
    const like = hostPage.getByRole('button', { name: `I enjoyed meeting ${DEMO_MEMBER.name}` })
    await like.click()
    expect(await like.getAttribute('aria-pressed')).toBe('true')
    await hostPage.getByText(`${DEMO_MEMBER.name} will see that you enjoyed meeting them.`).waitFor()
    // Pressed at once, saved when the POST lands.
    await eventually(async () => {
      const [row] = await env.sql<{ host_liked_at: Date | null }[]>`
        select host_liked_at from sessions s join booking_aliases a on a.session_id = s.id where a.booking_id = ${soonUid}`
      return row?.host_liked_at != null
    }, 10_000, 'the like to be saved')
    await availabilityLoaded(hostPage)
    await checkPage(hostPage, 'dashboard-host-liked')

    await memberPage.goto('/dashboard')
    const banner = memberPage.getByRole('region', { name: 'Host liked you' })
    await banner.waitFor()
    expect(await textOf(banner)).toContain('Jane Rivers enjoyed meeting you')
    expect(await banner.getByRole('link', { name: 'Book again' }).getAttribute('href')).toBe(`/plans?host=${hostId}`)
    await checkPage(memberPage, 'dashboard-member-liked')
    await tabTo(memberPage, banner.getByRole('button', { name: 'Dismiss' }), 'Dismiss')
    await memberPage.keyboard.press('Enter')
    await banner.waitFor({ state: 'detached' })
    await memberPage.reload()
    await memberPage.getByRole('heading', { name: 'Your sessions', level: 1 }).waitFor()
    await articles(memberPage, 'Upcoming').first().waitFor()
    expect(await memberPage.getByRole('region', { name: 'Host liked you' }).count()).toBe(0)
  }, 240_000)

  it('without a sign-in, each dashboard shows the sign-in and no data', async () => {
    const page = await env.openPage()
    for (const path of ['/dashboard', '/host']) {
      await page.goto(path)
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()
      expect(new URL(page.url()).searchParams.get('next')).toBe(path)
    }
  })
})
