import type { SessionJoin } from '../../../../shared/api/session.ts'

/** What a call frame reports: the provider's own word on joining and leaving, not button presses. */
export interface CallEvents {
  joined(): void
  left(): void
  failed(message: string): void
}

/** A call embedded in the page, whichever provider runs it. */
export interface CallFrame {
  /** Leave the call; `left` follows. */
  leave(): void
  /** Remove the frame and stop listening; reports nothing more. */
  destroy(): Promise<void>
}

export type StartCall = (container: HTMLElement, join: SessionJoin, events: CallEvents) => Promise<CallFrame>
