import { calcomWebhookSecret } from '../../../../shared/config/loadConfig.ts'
import { createCalcomWebhookHandler } from '../../calcom-webhook-handler/handler.ts'
import { createDailyCreateRoomHandler } from '../../daily-create-room/handler.ts'
import { createHostsHandler } from '../../hosts/handler.ts'
import { createSessionHandler } from '../../session/handler.ts'
import { createWebhookRetryHandler } from '../../webhook-retry/handler.ts'
import type { Handler } from '../http/respond.ts'
import { processCalcomDelivery } from '../pipeline/processCalcomDelivery.ts'
import { syncSession } from '../pipeline/syncSession.ts'
import type { AppContext } from './appContext.ts'

/**
 * Every function and how its handler is wired from the app context. The deployed entry files
 * and the local functions server both build handlers from here, so they cannot drift apart.
 */
export const FUNCTIONS = {
  'calcom-webhook-handler': (ctx: AppContext) => {
    const handler = createCalcomWebhookHandler({
      secret: calcomWebhookSecret(ctx.config),
      ledger: ctx.ledger,
      process: (id) => ctx.pipelineQueue.run(() => processCalcomDelivery(ctx.pipeline, id)),
      waitUntil: ctx.waitUntil,
      log: ctx.log,
    })
    return async (req: Request) => {
      const release = ctx.pipelineQueue.hold()
      try {
        return await handler(req)
      } finally {
        release()
      }
    }
  },
  'daily-create-room': (ctx: AppContext) =>
    createDailyCreateRoomHandler({
      serviceRoleKey: ctx.config.serviceRoleKey,
      linkSecret: ctx.config.linkSigningSecret,
      appUrl: ctx.config.appUrl,
      pipeline: ctx.pipeline,
      log: ctx.log,
    }),
  'webhook-retry': (ctx: AppContext) => createWebhookRetryHandler({ serviceRoleKey: ctx.config.serviceRoleKey, pipeline: ctx.pipeline, log: ctx.log }),
  hosts: (ctx: AppContext) => createHostsHandler({ directory: ctx.directory, appUrl: ctx.config.appUrl, log: ctx.log }),
  session: (ctx: AppContext) =>
    createSessionHandler({
      sessions: ctx.sessions,
      directory: ctx.directory,
      rooms: ctx.rooms,
      linkSecret: ctx.config.linkSigningSecret,
      appUrl: ctx.config.appUrl,
      requestSync: (id) => ctx.waitUntil(ctx.pipelineQueue.run(() => syncSession(ctx.pipeline, id))),
      log: ctx.log,
    }),
} satisfies Record<string, (ctx: AppContext) => Handler>

export type FunctionName = keyof typeof FUNCTIONS
