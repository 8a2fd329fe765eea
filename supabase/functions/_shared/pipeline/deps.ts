import type { DeliveryLedger } from '../ledger/deliveries.ts'
import type { RoomProvider } from '../rooms/roomProvider.ts'
import type { Logger } from '../runtime/logger.ts'
import type { SessionRepository } from '../sessions/sessionRepository.ts'
import type { Directory } from '../store/directory.ts'
import type { OperationsStore } from '../store/operationsStore.ts'

/** What the booking pipeline needs; built once per process by `createAppContext`. */
export interface PipelineDeps {
  ledger: DeliveryLedger
  sessions: SessionRepository
  store: OperationsStore
  directory: Directory
  rooms: RoomProvider
  log: Logger
  calAppUrl: string
  /** Names this process in session leases. */
  workerId: string
}
