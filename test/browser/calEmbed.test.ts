import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, serveWeb, type WebServer } from '../support/browser.ts'
import { useTestDatabase } from '../support/database.ts'
import { eventually } from '../support/ports.ts'
import { insertHost, localCalendarOn, readEmbedCoreScript, serveHandler } from '../calcom/localCalendarSetup.ts'

const pageRoot = fileURLToPath(new URL('../calcom/embedPage/', import.meta.url))
const CAL_ORIGIN = 'https://app.cal.com'

/** The test page (the real `<Cal>`, alone or inside the SPA's HostCalendar), built for production like the SPA. */
async function buildEmbedPage(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'presence-cal-embed-'))
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ root: pageRoot, configFile: false, logLevel: 'warn', plugins: [react()], build: { outDir, emptyOutDir: true } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  return outDir
}

/** Stands in for Cal.com's booking page at the intercepted origin: it speaks embed-iframe's protocol and books at once. */
const FAKE_CAL_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intercepted Cal.com booking page</title></head>
<body><main><h1>Intercepted Cal.com booking page</h1><p id="prefill"></p></main>
<script>
  const params = new URLSearchParams(location.search)
  const namespace = params.get('embed') ?? ''
  const fire = (type, data) => parent.postMessage({ originator: 'CAL', type, namespace, fullType: 'CAL:' + namespace + ':' + type, data }, '*')
  document.getElementById('prefill').textContent = params.get('name') + ' <' + params.get('email') + '>'
  window.addEventListener('message', (event) => {
    if (event.data && event.data.method === 'parentKnowsIframeReady') {
      fire('linkReady', {})
      fire('bookingSuccessfulV2', { uid: 'intercepted-uid-1', title: 'Session', startTime: '2030-03-04T09:00:00.000Z', endTime: '2030-03-04T09:30:00.000Z', eventTypeId: 42, status: 'ACCEPTED', paymentRequired: false, isRecurring: false })
    }
  })
  fire('__iframeReady', { isPrerendering: false })
  fire('__dimensionChanged', { iframeHeight: 300, iframeWidth: 600, isFirstTime: true })
</script></body></html>`

describe('the Cal.com embed in Chromium', () => {
  const db = useTestDatabase()
  let browser: Browser
  let web: WebServer
  let standIn: Awaited<ReturnType<typeof serveHandler>>
  let distDir: string
  const contexts: BrowserContext[] = []
  let unexpected: string[] = []
  let pageErrors: string[] = []

  beforeAll(async () => {
    const [dist, launched] = await Promise.all([buildEmbedPage(), launchBrowser()])
    distDir = dist
    browser = launched
    web = await serveWeb(distDir)
    await insertHost(db.sql)
    const { handler } = localCalendarOn(db.sql, { embedders: [web.url] })
    standIn = await serveHandler(handler)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await web?.close()
    await standIn?.close()
    if (distDir) await rm(distDir, { recursive: true, force: true })
  })

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()))
    expect(unexpected).toEqual([])
    expect(pageErrors).toEqual([])
    unexpected = []
    pageErrors = []
  })

  async function openPage(allowed: string[]): Promise<Page> {
    const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB', viewport: { width: 1100, height: 900 } })
    contexts.push(context)
    context.setDefaultTimeout(15_000)
    // Anything not served by the test (or routed by it) is a request to the outside world: a bug.
    await context.route(
      (url) => !allowed.includes(url.origin),
      (route) => {
        unexpected.push(route.request().url())
        return route.abort()
      },
    )
    const page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    return page
  }

  it('books in the local stand-in through the real <Cal>, and bookingSuccessfulV2 reaches the page', async () => {
    const page = await openPage([web.url, standIn.origin])
    const query = new URLSearchParams({ calLink: 'jane-rivers/session', calOrigin: `${standIn.origin}/local-cal`, embedJsUrl: `${standIn.origin}/local-cal/embed/embed.js` })
    await page.goto(`${web.url}/?${query}`)
    const frame = page.frameLocator('iframe[title="Book a call"]')
    await frame.getByRole('heading', { name: 'Book a session with Jane Rivers' }).waitFor()
    // The inline element drops its loader once the page said linkReady.
    await eventually(async () => (await page.locator('cal-inline').getAttribute('loading')) === 'done', 15_000, 'linkReady')
    expect(await frame.getByLabel('Your name').inputValue()).toBe('Max Member')
    expect(await frame.getByLabel('Email address').inputValue()).toBe('max@presence.example')
    expect(await frame.getByLabel('Phone number').inputValue()).toBe('+61400000009')
    expect(await frame.getByText('Times are shown in your time zone, Europe/London').count()).toBe(1)
    await screenshot(page, 'cal-embed-1-local-booking-page')

    const first = frame.locator('#slots input[name="start"]').first()
    const start = await first.getAttribute('value')
    await first.check()
    await frame.getByRole('button', { name: 'Confirm booking' }).click()
    await frame.getByRole('heading', { name: 'This session is scheduled' }).waitFor()

    const booked = page.locator('#booked')
    await eventually(async () => (await booked.getAttribute('data-uid')) ?? undefined, 15_000, 'bookingSuccessfulV2 in the parent')
    const [row] = await db.sql<{ uid: string; start_time: Date; metadata: Record<string, string> }[]>`select uid, start_time, metadata from local_calendar_bookings`
    expect(row!.start_time.toISOString()).toBe(start)
    expect(row!.metadata).toEqual({ memberId: 'member-1', sessionId: 'paid-1' })
    expect(await booked.textContent()).toBe(`Booked ${row!.uid} from ${start} to ${new Date(Date.parse(start!) + 30 * 60_000).toISOString()}`)
    const [delivery] = await db.sql<{ booking_id: string; status: string }[]>`select booking_id, status from webhook_deliveries`
    expect(delivery).toEqual({ booking_id: row!.uid, status: 'pending' })
    await screenshot(page, 'cal-embed-2-local-booked')
  }, 60_000)

  it('with Cal.com’s own origin intercepted, the real embed script and <Cal> deliver bookingSuccessfulV2 to the SPA’s listener', async () => {
    const page = await openPage([web.url])
    const iframeRequests: URL[] = []
    const embedScript = await readEmbedCoreScript()
    await page.route(`${CAL_ORIGIN}/embed/embed.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: embedScript }))
    await page.route(`${CAL_ORIGIN}/jane-rivers/session/embed**`, (route) => {
      iframeRequests.push(new URL(route.request().url()))
      return route.fulfill({ contentType: 'text/html', body: FAKE_CAL_PAGE })
    })
    const query = new URLSearchParams({ component: 'spa', calLink: 'jane-rivers/session', calOrigin: CAL_ORIGIN, embedJsUrl: `${CAL_ORIGIN}/embed/embed.js` })
    await page.goto(`${web.url}/?${query}`)
    await page.frameLocator('iframe[title="Book a call"]').getByText('Max Member <max@presence.example>').waitFor()
    await page.getByText('Booked intercepted-uid-1 from 2030-03-04T09:00:00.000Z to 2030-03-04T09:30:00.000Z').waitFor()

    expect(iframeRequests).toHaveLength(1)
    const params = iframeRequests[0]!.searchParams
    // The iframe is named after the embed's namespace, which it must echo in every message.
    const namespace = (await page.locator('iframe[title="Book a call"]').getAttribute('name'))!.replace(/^cal-embed=/, '')
    expect(Object.fromEntries([...params].filter(([key]) => !key.startsWith('ui.')))).toEqual({
      embed: namespace,
      name: 'Max Member',
      email: 'max@presence.example',
      attendeePhoneNumber: '+61400000009',
      'metadata[memberId]': 'member-1',
      'metadata[sessionId]': 'paid-1',
      layout: 'month_view',
      embedType: 'inline',
    })
    await screenshot(page, 'cal-embed-3-intercepted-booked')
    // getCalApi() and <Cal> without a namespace make embed.js start a second instance for "",
    // which throws on every __iframeReady; Cal.com's own snippets give both one namespace.
    expect(pageErrors, 'HostCalendar should give <Cal> and getCalApi the same namespace').toEqual([])
  }, 60_000)
})
