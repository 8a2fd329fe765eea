import { createMessageRecordSync, type MessageRecordSync } from '../../messages/messageRecordSync.ts'
import { createMessageStates, type MessageStates } from '../../messages/messageStates.ts'
import { memoised, type Runtime } from '../runtime.ts'
import { outboxOf } from './sessions.ts'

/** Messages as operators see them (job and row together): the record sync and the CLI read them; nothing here sends. */
export function messageStatesOf(rt: Runtime): MessageStates {
  return memoised(rt, 'messageStates', () => createMessageStates(rt.sql))
}

/** Re-syncs a session's record when one of its messages changes. */
export function messageRecordSyncOf(rt: Runtime): MessageRecordSync {
  return memoised(rt, 'messageRecordSync', () => createMessageRecordSync({ sql: rt.sql, outbox: outboxOf(rt), states: messageStatesOf(rt) }))
}
