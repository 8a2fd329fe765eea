import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { latestCodes } from '../../supabase/functions/_shared/auth/local/localAuthTables.ts'
import { screenshot } from '../support/browser.ts'
import { useBrowserStack } from '../support/browserStack.ts'
import { eventually } from '../support/ports.ts'

const MEMBER = { phone: '+61400000123', typed: '0400 000 123', name: 'Nina Newcomer', email: 'nina@example.com' }
const ZONE = 'Australia/Perth'
const HOUR_MS = 3_600_000

/**
 * The whole members' path on `npm start`'s defaults: the built SPA in Chromium against the local
 * stack, with every provider's local stand-in (Auth, Stripe checkout, Cal.com booking pages).
 */
describe("a member's journey in Chromium, against the local stack", () => {
  const env = useBrowserStack({ defaults: { timezoneId: ZONE } })

  const hostNames = (page: Page) => page.getByRole('list', { name: 'Hosts' }).getByRole('heading').allTextContents()
  const search = (page: Page) => new URL(page.url()).search

  it('searches and filters hosts, chooses a plan, signs in with the printed code, pays through the local checkout, books in the local booking page and sees the confirmation with its session link', async () => {
    const page = await env.openPage()

    // Choose a host: search as you type, personality toggles, all in the URL.
    await page.goto('/host-selection')
    await page.getByRole('list', { name: 'Hosts' }).waitFor()
    expect(await hostNames(page)).toEqual(['Jane Rivers', 'Mei Lin', 'Omar Haddad'])
    await page.getByRole('searchbox', { name: 'Search by name or bio' }).pressSequentially('HARD WEEK')
    await eventually(async () => JSON.stringify(await hostNames(page)) === JSON.stringify(['Omar Haddad']), 5_000, 'search by bio')
    expect(search(page)).toBe('?q=HARD+WEEK')
    await page.getByRole('searchbox', { name: 'Search by name or bio' }).fill('')
    await page.getByRole('button', { name: 'Calm' }).click()
    await page.getByRole('button', { name: 'Upbeat' }).click()
    expect(await hostNames(page)).toEqual(['Jane Rivers', 'Mei Lin'])
    expect(search(page)).toBe('?tag=Calm&tag=Upbeat')
    await screenshot(page, 'member-1-host-selection-filtered')
    // The link reproduces the view.
    await page.goto('/host-selection?q=rivers&tag=Calm')
    await page.getByRole('list', { name: 'Hosts' }).waitFor()
    expect(await hostNames(page)).toEqual(['Jane Rivers'])
    expect(await page.getByRole('button', { name: 'Calm' }).getAttribute('aria-pressed')).toBe('true')
    await page.getByRole('link', { name: 'Choose Jane Rivers' }).click()

    // Choose a plan, signed out: sign-in first, then back to the plan.
    await page.getByRole('heading', { name: 'Choose a plan' }).waitFor()
    const hostId = new URL(page.url()).searchParams.get('host')!
    await page.getByRole('radio', { name: /Weekly/ }).check()
    expect(search(page)).toBe(`?host=${hostId}&plan=weekly`)
    await screenshot(page, 'member-2-plans')
    await page.getByRole('button', { name: 'Sign in to pay' }).click()

    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/plans?host=${hostId}&plan=weekly`)
    await page.getByLabel('Mobile number').fill(MEMBER.typed)
    await screenshot(page, 'member-3-sign-in')
    await page.getByRole('button', { name: 'Text me a code' }).click()
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor()
    // The stand-in "texts" the code by printing it; `presence auth codes` reads it from here.
    const [sent] = await latestCodes(env.sql, { phone: MEMBER.phone.slice(1), limit: 1 })
    expect(sent).toBeDefined()
    await page.getByLabel(/digit code/).fill(sent!.code)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Tell us about you' }).waitFor()
    await page.getByLabel('Your name').fill(MEMBER.name)
    await page.getByLabel('Email').fill(MEMBER.email)
    await screenshot(page, 'member-4-first-time-profile')
    await page.getByRole('button', { name: 'Continue' }).click()

    // Back on the plan, signed in: to the local checkout, and back out with its Cancel.
    await page.getByRole('heading', { name: 'Choose a plan' }).waitFor()
    expect(search(page)).toBe(`?host=${hostId}&plan=weekly`)
    expect(await page.getByRole('radio', { name: /Weekly/ }).isChecked()).toBe(true)
    const toCheckout = async () => {
      await page.getByRole('button', { name: /^Pay AUD\s40\.00$/ }).click()
      await page.waitForURL((url) => url.origin === env.functionsOrigin && url.pathname.startsWith('/local-stripe/checkout/'))
      await page.getByRole('heading', { name: 'Pay Presence' }).waitFor()
    }
    await toCheckout()
    await page.getByRole('link', { name: 'Cancel' }).click()
    await page.getByText('Payment cancelled, nothing was charged. Your choice of Weekly is kept below.').waitFor()
    expect(await page.getByRole('radio', { name: /Weekly/ }).isChecked()).toBe(true)
    await screenshot(page, 'member-5-plans-after-cancel')

    // Pay.
    await toCheckout()
    expect(await page.getByText('Local checkout: a stand-in for Stripe.').count()).toBe(1)
    await screenshot(page, 'member-6-local-checkout')
    await page.getByRole('button', { name: /^Pay AUD\s40\.00$/ }).click()

    // Book: the payment is confirmed by Stripe's (stand-in's) webhook, then the host's calendar.
    await page.waitForURL((url) => url.origin === env.server.url && url.pathname === '/book')
    const purchaseId = new URL(page.url()).searchParams.get('purchase')!
    const frame = page.frameLocator('iframe[title="Book a call"]')
    await frame.getByRole('heading', { name: 'Book a session with Jane Rivers' }).waitFor({ timeout: 30_000 })
    await page.getByText('Pick a time with Jane Rivers for session 1 of 3').waitFor()
    expect(await frame.getByLabel('Your name').inputValue()).toBe(MEMBER.name)
    expect(await frame.getByLabel('Email address').inputValue()).toBe(MEMBER.email)
    expect(await frame.getByLabel('Phone number').inputValue()).toBe(MEMBER.phone)
    await screenshot(page, 'member-7-book-calendar')
    // A time two days out, so the confirmation states a cutoff still ahead.
    const starts = await frame.locator('#slots input[name="start"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))
    const start = starts.find((value) => Date.parse(value) > Date.now() + 48 * HOUR_MS)!
    await frame.locator(`#slots input[value="${start}"]`).check()
    await frame.getByRole('button', { name: 'Confirm booking' }).click()

    // The confirmation: the time in the member's zone, then the session link and the cutoff.
    await page.getByRole('heading', { name: "You're booked with Jane Rivers" }).waitFor()
    expect(await page.getByText('Times are in Australia/Perth (Australian Western Standard Time).').count()).toBe(1)
    const sessionLink = page.getByRole('link', { name: 'Open your session page' })
    await sessionLink.waitFor({ timeout: 30_000 })
    const [booking] = await env.sql<{ booking_id: string; paid_session_id: string; position: number }[]>`
      select s.booking_id, s.paid_session_id, p.position from sessions s join paid_sessions p on p.id = s.paid_session_id where p.purchase_id = ${purchaseId}`
    expect(booking!.position).toBe(1)
    const href = new URL((await sessionLink.getAttribute('href'))!)
    expect(`${href.origin}${href.pathname}`).toBe(`${env.server.url}/video-session`)
    expect(href.searchParams.get('bookingId')).toBe(booking!.booking_id)
    expect(href.searchParams.get('userType')).toBe('member')
    const cutoff = new Intl.DateTimeFormat('en-AU', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone: ZONE,
    }).format(new Date(Date.parse(start) - 24 * HOUR_MS))
    expect(await page.getByText(/^Cancel before/).textContent()).toBe(`Cancel before ${cutoff} and this session comes back to you; later cancellations use it.`)
    expect(cutoff).toMatch(/AWST$/)
    await screenshot(page, 'member-8-booking-confirmed')

    const credits = await env.sql<{ position: number; credit_status: string }[]>`
      select position, credit_status from paid_sessions where purchase_id = ${purchaseId} order by position`
    expect(credits).toEqual([
      { position: 1, credit_status: 'booked' },
      { position: 2, credit_status: 'available' },
      { position: 3, credit_status: 'available' },
    ])

    // The session link opens the member's session page.
    await sessionLink.click()
    await page.waitForURL((url) => url.pathname === '/video-session')
    await page.getByText('Jane Rivers').first().waitFor()
  }, 180_000)
})
