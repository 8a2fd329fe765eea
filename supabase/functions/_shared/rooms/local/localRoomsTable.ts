import type { Sql } from '../../db/connect.ts'

/** A row of `local_rooms` (migration 0005). */
export interface LocalRoomRow {
  name: string
  nbf: Date
  exp: Date
  privacy: string
  created_at: Date
  updated_at: Date
  deleted_at: Date | null
}

/** The `d` claim of local tokens: there is no Daily domain behind them. */
export const LOCAL_DOMAIN_ID = 'local'

export async function findLocalRoom(sql: Sql, name: string): Promise<LocalRoomRow | null> {
  const [row] = await sql<LocalRoomRow[]>`select * from local_rooms where name = ${name}`
  return row ?? null
}
