import { readFile } from 'node:fs/promises'
import type { Config } from '../../shared/config/loadConfig.ts'
import { EXIT, warn, type CliIo } from './io.ts'
import { prettyBody } from './text.ts'
import { WEBHOOK_FUNCTIONS, signatureHeaders, type WebhookProvider } from './webhookSignatures.ts'

export interface ReplayOptions {
  file: string
  provider: WebhookProvider
  url?: string
}

export interface ReplayDeps extends CliIo {
  config: Config
  fetch: typeof fetch
}

/** A function that never answers should not hang an operator's terminal. */
const TIMEOUT_MS = 30_000

/**
 * `presence replay`: posts a saved payload exactly as written, signed as its provider would
 * sign it, so a real delivery can be reproduced byte for byte against any deployment.
 */
export async function replayWebhook(options: ReplayOptions, deps: ReplayDeps): Promise<number> {
  let body: Uint8Array
  try {
    body = new Uint8Array(await readFile(options.file))
  } catch (error) {
    warn(deps, `Cannot read ${options.file}: ${describeFileError(error)}`)
    return EXIT.usage
  }
  if (!isJson(body)) warn(deps, `Warning: ${options.file} is not valid JSON. Sending it anyway; the function will answer 400.`)

  const headers = await signatureHeaders(options.provider, body, deps.config)

  const url = options.url ?? `${deps.config.functionsUrl}/${WEBHOOK_FUNCTIONS[options.provider]}`
  deps.print(`POST ${url} (${body.length} bytes, ${options.provider} signature)`)
  let response: Response
  try {
    response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body as BodyInit,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    warn(deps, describeFetchError(error, url))
    return EXIT.failed
  }
  deps.print(`HTTP ${response.status} ${response.statusText}`.trimEnd())
  const text = await response.text()
  if (text) for (const line of prettyBody(text).lines) deps.print(line)
  return response.ok ? EXIT.ok : EXIT.failed
}

function isJson(body: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
    return true
  } catch {
    return false
  }
}

function describeFileError(error: unknown): string {
  const code = (error as { code?: string }).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  return error instanceof Error ? error.message : String(error)
}

function describeFetchError(error: unknown, url: string): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `No answer from ${url} within ${TIMEOUT_MS / 1000} s.`
  if (errorCodes(error).includes('ECONNREFUSED')) {
    return `Nothing is listening at ${url}. Is the local stack running? Start it with npm start, or pass --url`
  }
  const cause = (error as { cause?: unknown }).cause
  return `Cannot reach ${url}: ${cause instanceof Error ? cause.message : String(error)}`
}

/** Node's fetch hides the socket error in `cause`, and in an AggregateError when localhost has two addresses. */
function errorCodes(error: unknown): string[] {
  if (!error || typeof error !== 'object') return []
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown }
  return [
    ...(typeof code === 'string' ? [code] : []),
    ...errorCodes(cause),
    ...(Array.isArray(errors) ? errors.flatMap(errorCodes) : []),
  ]
}
