import { createMessageStates, type MessageStates } from '../../messages/messageStates.ts'
import { memoised, type Runtime } from '../runtime.ts'

/** Messages as operators see them (job and row together): the record sync and the CLI read them; nothing here sends. */
export function messageStatesOf(rt: Runtime): MessageStates {
  return memoised(rt, 'messageStates', () => createMessageStates(rt.sql))
}
