import { directoryOf } from '../_shared/runtime/build/directory.ts'
import { roomsOf } from '../_shared/runtime/build/rooms.ts'
import { requestRecordSync, sessionsOf } from '../_shared/runtime/build/sessions.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createSessionHandler } from './handler.ts'

export function wire(rt: Runtime) {
  return createSessionHandler({
    sessions: sessionsOf(rt),
    directory: directoryOf(rt),
    rooms: roomsOf(rt).rooms,
    linkSecret: rt.config.linkSigningSecret,
    appUrl: rt.config.appUrl,
    cancellationCutoffHours: rt.config.cancellationCutoffHours,
    requestSync: requestRecordSync(rt),
    log: rt.log,
  })
}
