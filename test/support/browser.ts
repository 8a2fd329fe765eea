/** Browser-test support: build and serve the SPA, drive it in Debian's Chromium, save screenshots. */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build } from 'vite'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const chromiumPath = '/usr/bin/chromium'

/**
 * The functions base URL compiled into the test build, pinned so a developer's .env cannot
 * change it; browser tests intercept requests under it with `page.route`.
 */
export const testFunctionsUrl = 'http://127.0.0.1:54321/functions/v1'

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Browser tests need Debian's Chromium at ${chromiumPath}: run \`apt-get install -y chromium\``)
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

const builds = new Map<string, Promise<string>>()

/**
 * Production build of web/ into a temp folder, with `functionsUrl` compiled in (the pinned test
 * URL, or a local stack's); memoized per URL, so a test file builds each at most once.
 */
export function buildWeb(functionsUrl = testFunctionsUrl): Promise<string> {
  let built = builds.get(functionsUrl)
  if (!built) {
    built = buildOnce(functionsUrl)
    builds.set(functionsUrl, built)
  }
  return built
}

async function buildOnce(functionsUrl: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'presence-web-'))
  // Vite takes NODE_ENV from the process, and Vitest sets it to "test": left so, the build
  // would compile JSX for React's development runtime and test a bundle nobody ships.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      configFile: join(repoRoot, 'web/vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      define: { 'import.meta.env.VITE_FUNCTIONS_URL': JSON.stringify(functionsUrl) },
      build: { outDir, emptyOutDir: true },
    })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  return outDir
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

function safeDecode(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return null
  }
}

export interface WebServer {
  url: string
  close(): Promise<void>
}

/**
 * Serves a built SPA on 127.0.0.1 (`port`, or one the OS picks); unknown paths get index.html, as
 * a history-API host does.
 */
export async function serveWeb(distDir: string, port = 0): Promise<WebServer> {
  const root = resolve(distDir)
  const indexHtml = await readFile(join(root, 'index.html'))

  const server = createServer(async (req, res) => {
    const pathname = safeDecode(new URL(req.url ?? '/', 'http://localhost').pathname)
    if (pathname === null) {
      res.writeHead(400, { 'content-type': 'text/plain' })
      res.end('bad path')
      return
    }
    const file = normalize(join(root, pathname))
    const isFile = file.startsWith(root + sep) && (await stat(file).catch(() => null))?.isFile()
    if (isFile) {
      res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' })
      res.end(await readFile(file))
    } else if (extname(pathname) !== '') {
      // A missing asset must fail loudly, not come back as HTML.
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('not found')
    } else {
      res.writeHead(200, { 'content-type': contentTypes['.html'] })
      res.end(indexHtml)
    }
  })

  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', done)
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections()
        server.close((error) => (error ? fail(error) : done()))
      }),
  }
}

const screenshotDir = join(repoRoot, 'test-artifacts/screenshots')

/** Full-page PNG at test-artifacts/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
