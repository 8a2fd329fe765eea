import * as z from 'zod/mini'
import { expect, it } from 'vitest'
import { callFunction, FunctionCallError } from './callFunction.ts'

const schema = z.object({ ok: z.boolean() })
const answering = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

async function failure(send: () => Promise<Response>): Promise<FunctionCallError> {
  const error = await callFunction('https://functions.test/x', {}, schema, send).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(FunctionCallError)
  return error as FunctionCallError
}

it('answers the parsed body', async () => {
  expect(await callFunction('https://functions.test/x', {}, schema, answering(200, { ok: true }))).toEqual({ ok: true })
})

it("turns a refusal into the function's own code and message", async () => {
  const error = await failure(answering(403, { error: 'profile_required', message: 'Tell us your name first.' }))
  expect(error).toMatchObject({ status: 403, code: 'profile_required', message: 'Tell us your name first.', retryable: false })
})

it('no answer, 429, 503 and 504 are worth retrying; a 502 (a provider refused) and a 500 are not', async () => {
  expect(await failure(async () => Promise.reject(new TypeError('fetch failed')))).toMatchObject({ status: 0, code: 'network', retryable: true })
  for (const status of [429, 503, 504]) expect((await failure(answering(status, {}))).retryable, String(status)).toBe(true)
  for (const status of [500, 502]) expect((await failure(answering(status, { error: 'provider_error', message: 'Stripe refused' }))).retryable, String(status)).toBe(false)
})

it('a malformed answer is an error of its own, not a crash later', async () => {
  expect(await failure(answering(200, { ok: 'yes' }))).toMatchObject({ code: 'unexpected_body' })
  expect(await failure(async () => new Response('<html>', { status: 502 }))).toMatchObject({ code: 'http_502', status: 502 })
})
