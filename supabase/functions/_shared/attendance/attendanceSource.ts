import type { AttendanceSession, VisitReport } from './attendanceRecords.ts'

/** Who was in a session's room, from the video provider's own records (no webhook needed). */
export interface AttendanceSource {
  readonly kind: 'daily' | 'local'
  visits(session: AttendanceSession): Promise<VisitReport[]>
}
