import { z } from 'zod'
import { AppError, BadRequestError, NotFoundError } from '../_shared/errors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod, requireServiceKey } from '../_shared/http/requestGuards.ts'
import { MESSAGE_JOB_KINDS } from '../_shared/jobs/messageJobs.ts'
import type { SmsMessageRow } from '../_shared/messages/smsMessages.ts'
import type { JobStatus, Outbox } from '../_shared/outbox/outbox.ts'
import type { Logger } from '../_shared/runtime/logger.ts'

const requestSchema = z.object({ jobKey: z.string().min(1).max(500) }).strict()

/** The message's job failed for good: an operator decides (`presence jobs retry`), not this call. */
class JobFailedError extends AppError {
  constructor(message: string) {
    super(message, 409, 'message_failed')
  }
}

export interface SendSmsDeps {
  serviceRoleKey: string
  outbox: Pick<Outbox, 'getByKey' | 'retry'>
  messages: { get(jobKey: string): Promise<SmsMessageRow | null> }
  /** Runs one queued job in this request, through the worker's own sms.send handler. */
  runJobNow: (key: string) => Promise<JobStatus | 'busy'>
  log: Logger
}

function describe(job: { idempotencyKey: string; status: string; lastError: string | null }, message: SmsMessageRow | null) {
  return {
    jobKey: job.idempotencyKey,
    jobStatus: job.status,
    lastError: job.lastError,
    message: message && { status: message.status, to: message.toPhone, sid: message.providerSid, deliveryStatus: message.deliveryStatus, error: message.error },
  }
}

/**
 * Sends one queued SMS now, the worker's way (the same job, lease and records), for operators and
 * pg_net: POST `{"jobKey": "sms:…"}` with the service role key. A message already sent answers
 * what happened to it; one waiting out a backoff goes now.
 */
export function createSendSmsHandler(deps: SendSmsDeps): Handler {
  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    requireServiceKey(req, deps.serviceRoleKey)
    const parsed = requestSchema.safeParse(parseJsonBody(await readBodyWithLimit(req, 16 * 1024)))
    if (!parsed.success) throw new BadRequestError('Send {"jobKey": "<the sms.send job’s key>"}')
    const { jobKey } = parsed.data
    const job = await deps.outbox.getByKey(jobKey)
    if (!job) throw new NotFoundError(`No queued message with key ${JSON.stringify(jobKey)}`)
    if (job.kind !== MESSAGE_JOB_KINDS.sms) throw new BadRequestError(`Job ${JSON.stringify(jobKey)} is a ${job.kind} job, not a message`)
    if (job.status === 'done') return json(200, describe(job, await deps.messages.get(jobKey)))
    if (job.status === 'failed') throw new JobFailedError(`The message failed: ${job.lastError ?? 'no reason recorded'}`)

    // Due now, even if it was waiting out a backoff: someone asked for it.
    await deps.outbox.retry({ ids: [job.id] })
    const status = await deps.runJobNow(jobKey)
    const after = (await deps.outbox.getByKey(jobKey)) ?? job
    const body = describe(after, await deps.messages.get(jobKey))
    if (status === 'done') return json(200, body)
    if (status === 'busy') return json(202, { ...body, status: 'sending', detail: 'Another worker is sending this message' })
    return json(status === 'pending' ? 503 : 502, { ...body, error: status === 'pending' ? 'provider_unavailable' : 'message_failed' })
  }, deps.log)
}
