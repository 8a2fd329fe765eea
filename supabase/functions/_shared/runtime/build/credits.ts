import { createPaidSessionRepository, type PaidSessionRepository } from '../../credits/paidSessionRepository.ts'
import { memoised, type Runtime } from '../runtime.ts'

export function paidSessionsOf(rt: Runtime): PaidSessionRepository {
  return memoised(rt, 'paidSessions', () => createPaidSessionRepository(rt.sql))
}
