import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { startLocalStack, type LocalStack } from '../../scripts/stack/localStack.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { buildWeb, launchBrowser, serveWeb, type WebServer } from './browser.ts'
import { freePort } from './ports.ts'

export interface ContextOptions {
  timezoneId?: string
  viewport?: { width: number; height: number }
  timeoutMs?: number
}

/** The built SPA in Chromium against a local stack, for one test file; fields are set once `beforeAll` has run. */
export interface BrowserStack {
  readonly server: WebServer
  readonly browser: Browser
  readonly stack: LocalStack
  readonly sql: Sql
  readonly functionsOrigin: string
  readonly functionsUrl: string
  /**
   * A context that may reach only the SPA and the local stack (anything else is aborted and
   * fails the test), whose pages' errors fail the test too; closed after each test.
   */
  openContext(options?: ContextOptions): Promise<BrowserContext>
  openPage(options?: ContextOptions): Promise<Page>
}

/**
 * Builds the SPA against a fresh local stack on free ports and launches Chromium, side by side.
 * `env` adds to the stack's environment (secrets a test signs with); `defaults` are each context's.
 */
export function useBrowserStack(options: { env?: Record<string, string>; defaults?: ContextOptions } = {}): BrowserStack {
  const state = {} as { -readonly [K in keyof BrowserStack]: BrowserStack[K] }
  const contexts: BrowserContext[] = []
  let unexpectedRequests: string[] = []
  let pageErrors: string[] = []

  beforeAll(async () => {
    const [webPort, functionsPort, dbPort, workerPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()])
    state.functionsOrigin = `http://127.0.0.1:${functionsPort}`
    state.functionsUrl = `${state.functionsOrigin}/functions/v1`
    // The SPA's port is chosen first, so its origin (the stack's APP_URL, for CORS and links) is
    // known while the build, the browser and the stack start side by side.
    const [dist, browser, stack] = await Promise.all([
      buildWeb(state.functionsUrl),
      launchBrowser(),
      startLocalStack({
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          FUNCTIONS_PORT: String(functionsPort),
          DB_PORT: String(dbPort),
          WORKER_PORT: String(workerPort),
          APP_URL: `http://127.0.0.1:${webPort}`,
          ...options.env,
        },
        onFunctionsOutput: () => {},
      }),
    ])
    state.browser = browser
    state.stack = stack
    state.server = await serveWeb(dist, webPort)
    state.sql = connectDatabase(stack.databaseUrl, { max: 2 })
  }, 180_000)

  afterAll(async () => {
    await state.browser?.close()
    await state.server?.close()
    await state.sql?.end()
    await state.stack?.stop()
  })

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()))
    expect(unexpectedRequests).toEqual([])
    expect(pageErrors).toEqual([])
    unexpectedRequests = []
    pageErrors = []
  })

  state.openContext = async (overrides = {}) => {
    const { timezoneId = 'Australia/Sydney', viewport = { width: 1100, height: 900 }, timeoutMs = 15_000 } = { ...options.defaults, ...overrides }
    const context = await state.browser.newContext({ baseURL: state.server.url, timezoneId, locale: 'en-AU', viewport })
    contexts.push(context)
    context.setDefaultTimeout(timeoutMs)
    await context.route(
      (url) => url.origin !== state.server.url && url.origin !== state.functionsOrigin,
      (route) => {
        unexpectedRequests.push(route.request().url())
        return route.abort()
      },
    )
    context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)))
    return context
  }
  state.openPage = async (overrides) => (await state.openContext(overrides)).newPage()
  return state
}
