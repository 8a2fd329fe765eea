import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildWeb, launchBrowser, screenshot, serveWeb, testFunctionsUrl, type WebServer } from '../support/browser.ts'

const hostsUrl = `${testFunctionsUrl}/hosts`
const hosts = [
  {
    id: 'rec1',
    name: 'Jane Host',
    bio: 'Former teacher who loves a long chat about books and travel.',
    personalityTags: ['Warm', 'Curious', 'Good listener'],
    calLink: 'jane/session',
    timeZone: 'Australia/Sydney',
  },
  {
    id: 'rec2',
    name: 'Omar Host',
    bio: 'Musician and early riser.',
    personalityTags: ['Upbeat'],
    calLink: 'omar/session',
    timeZone: 'Australia/Perth',
  },
]

function answer(route: Route, status: number, body: unknown) {
  // The SPA and the functions are different origins, so the stand-in answers with CORS like the real one.
  return route.fulfill({ status, json: body, headers: { 'access-control-allow-origin': '*' } })
}

describe('SPA shell in Chromium', () => {
  let server: WebServer
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let unexpectedRequests: string[]
  let pageErrors: string[]

  beforeAll(async () => {
    const [dist, launched] = await Promise.all([buildWeb(), launchBrowser()])
    browser = launched
    server = await serveWeb(dist)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  beforeEach(async () => {
    unexpectedRequests = []
    pageErrors = []
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1024, height: 720 } })
    context.setDefaultTimeout(5_000)
    // Anything not served by the test server and not routed by a test is a bug: record it, never let it out.
    await context.route(
      (url) => url.origin !== server.url,
      (route) => {
        unexpectedRequests.push(route.request().url())
        return route.abort()
      },
    )
    page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
  })

  afterEach(async () => {
    await context.close()
    expect(unexpectedRequests).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('renders the landing page and links to the host list', async () => {
    await page.route(hostsUrl, (route) => answer(route, 200, { hosts }))

    await page.goto('/')
    const heading = page.getByRole('heading', { level: 1 })
    expect(await heading.textContent()).toBe('Presence — book a video session with a host')
    expect(await page.title()).toBe('Presence — book a video session with a host')
    await screenshot(page, 'landing')

    await page.getByRole('link', { name: 'Choose a host' }).click()
    await page.getByRole('heading', { name: 'Jane Host' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/host-selection')
    expect(await page.getByRole('list', { name: 'Hosts' }).getByRole('article').count()).toBe(2)
    expect(await page.getByRole('list', { name: "Jane Host's personality" }).textContent()).toContain('Good listener')
    await screenshot(page, 'host-selection')
  })

  it('shows the error state on a 500 and recovers with "Try again"', async () => {
    let calls = 0
    await page.route(hostsUrl, (route) => (++calls === 1 ? answer(route, 500, { error: 'internal' }) : answer(route, 200, { hosts })))

    await page.goto('/host-selection')
    const alert = page.getByRole('alert')
    expect(await alert.textContent()).toContain("We couldn't load the hosts.")
    await screenshot(page, 'host-selection-error')

    await page.getByRole('button', { name: 'Try again' }).click()
    await page.getByRole('heading', { name: 'Omar Host' }).waitFor()
    expect(await alert.count()).toBe(0)
    expect(calls).toBe(2)
  })

  it('lazy-loads the session page, which checks the link before asking the server', async () => {
    await page.goto('/video-session?bookingId=abc&userType=member')
    await page.getByRole('heading', { name: 'This session link is incomplete' }).waitFor()
    expect(await page.title()).toBe('Video session · Presence')
  })

  it('shows a 404 page for an unknown path', async () => {
    await page.goto('/no-such-page')
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    expect(await page.title()).toBe('Page not found · Presence')
  })
})
