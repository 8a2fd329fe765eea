import { mergeSessionStates } from '../../../../shared/sessions/applyBookingEvent.ts'
import type { BookingState } from '../../../../shared/sessions/bookingState.ts'
import type { Role } from '../../../../shared/sessions/sessionView.ts'
import type { RoomStatus } from '../../../../shared/domain/statuses.ts'
import type postgres from 'postgres'
import type { Queryable, Sql } from '../db/connect.ts'
import { roomNameFor } from '../rooms/roomProvider.ts'

export interface SessionRow {
  id: string
  bookingUid: string
  state: BookingState
  stateVersion: number
  syncedVersion: number
  roomName: string
  roomStatus: RoomStatus
  roomUrl: string | null
  roomNbf: Date | null
  roomExp: Date | null
  syncAttempts: number
  syncError: string | null
  createdAt: Date
  leasedByOther: boolean
  hostJoinedAt: Date | null
  memberJoinedAt: Date | null
  hostRating: number | null
  hostComment: string | null
  memberRating: number | null
  memberComment: string | null
}

/** Another worker is syncing a session this change must merge; try again in a moment. */
export class SessionBusyError extends Error {
  constructor(readonly sessionIds: string[]) {
    super(`session ${sessionIds.join(', ')} is being synced by another worker`)
    this.name = 'SessionBusyError'
  }
}

const columns = (sql: Queryable, owner = '') => sql`
  s.created_at as "createdAt", coalesce(s.lease_until > now() and s.lease_owner <> ${owner}, false) as "leasedByOther",
  s.id::text as id, s.booking_uid as "bookingUid", s.state, s.state_version as "stateVersion",
  s.synced_version as "syncedVersion", s.room_name as "roomName", s.room_status as "roomStatus", s.room_url as "roomUrl",
  s.room_nbf as "roomNbf", s.room_exp as "roomExp", s.sync_attempts as "syncAttempts", s.sync_error as "syncError",
  s.host_joined_at as "hostJoinedAt", s.member_joined_at as "memberJoinedAt", s.host_rating as "hostRating",
  s.host_comment as "hostComment", s.member_rating as "memberRating", s.member_comment as "memberComment"`

const UNIQUE_VIOLATION = '23505'

/** Another transaction claimed one of our uids between our read and our write. */
class ApplyRaceError extends Error {}

/** Sessions in Postgres: state changes in short transactions, and a lease per session for sync work. */
export function createSessionRepository(sql: Sql) {
  async function applyOnce(
    uids: string[],
    fold: (state: BookingState | null) => BookingState,
    deliveryId: number | undefined,
  ): Promise<{ session: SessionRow; changed: boolean }> {
    return sql.begin(async (tx) => {
      const result = await foldInto(tx, uids, fold)
      // Linked in the same transaction, so a merge that moves this session's deliveries can
      // never miss this one.
      if (deliveryId !== undefined) {
        await tx`
          update webhook_deliveries set session_id = ${result.session.id}, applied_version = ${result.session.stateVersion}
          where id = ${deliveryId}`
      }
      return result
    })
  }

  async function foldInto(
    tx: postgres.TransactionSql,
    uids: string[],
    fold: (state: BookingState | null) => BookingState,
  ): Promise<{ session: SessionRow; changed: boolean }> {
    const found = await tx<SessionRow[]>`
      select ${columns(tx)} from sessions s
      where s.id in (select session_id from booking_aliases where uid = any(${uids}::text[]))
      order by s.created_at
      for update`
    const current = found.length > 1 ? await merge(tx, found, uids[0]!) : found[0]
    const next = fold(current?.state ?? null)
    if (current && found.length === 1 && sameState(current.state, next)) return { session: current, changed: false }

    let session: SessionRow
    if (!current) {
      const id = crypto.randomUUID()
      const [row] = await tx<SessionRow[]>`
        insert into sessions as s (id, booking_uid, booking_status, start_time, end_time, state, room_name)
        values (${id}, ${next.uid}, ${next.status}, ${next.start}, ${next.end}, ${tx.json(next as never)}, ${roomNameFor(id)})
        returning ${columns(tx)}`
      session = row!
    } else {
      const [row] = await tx<SessionRow[]>`
        update sessions as s set booking_uid = ${next.uid}, booking_status = ${next.status}, start_time = ${next.start},
          end_time = ${next.end}, state = ${tx.json(next as never)}, state_version = state_version + 1, updated_at = now()
        where id = ${current.id}
        returning ${columns(tx)}`
      session = row!
    }
    const aliases = [next.uid, ...next.previousUids]
    await tx`
      insert into booking_aliases (uid, session_id)
      select alias, ${session.id}::uuid from unnest(${aliases}::text[]) as t (alias)
      on conflict (uid) do nothing`
    // A uid another session claimed meanwhile (its transaction committed after our read):
    // roll back and run again, which then sees both sessions and merges them.
    const [taken] = await tx<{ count: number }[]>`
      select count(*)::int as count from booking_aliases where uid = any(${aliases}::text[]) and session_id <> ${session.id}::uuid`
    if ((taken?.count ?? 0) > 0) throw new ApplyRaceError()
    return { session, changed: true }
  }

  /**
   * Two sessions turn out to be one booking. The older row survives (its id names its room);
   * the newer one's state wins where both know something, its uids and deliveries move over,
   * and its room is queued for deletion. Refused while either is mid-sync elsewhere.
   */
  async function merge(tx: postgres.TransactionSql, found: SessionRow[], newestUid: string): Promise<SessionRow> {
    if (found.some((session) => session.leasedByOther)) throw new SessionBusyError(found.map((session) => session.id))
    const [survivor, ...absorbed] = found as [SessionRow, ...SessionRow[]]
    const holdsNewest = (session: SessionRow) => session.state.uid === newestUid || session.state.previousUids.includes(newestUid)
    const ordered = [...found].sort((a, b) => Number(holdsNewest(b)) - Number(holdsNewest(a)))
    const state = ordered.slice(1).reduce((merged, other) => mergeSessionStates(merged, other.state), ordered[0]!.state)
    const absorbedIds = absorbed.map((session) => session.id)
    await tx`
      insert into orphan_rooms (room_name, session_id)
      select room_name, ${survivor.id}::uuid from sessions where id = any(${absorbedIds}::uuid[]) and room_status = 'Active'
      on conflict do nothing`
    await tx`update booking_aliases set session_id = ${survivor.id} where session_id = any(${absorbedIds}::uuid[])`
    await tx`update webhook_deliveries set session_id = ${survivor.id} where session_id = any(${absorbedIds}::uuid[])`
    await tx`delete from sessions where id = any(${absorbedIds}::uuid[])`
    return { ...survivor, state }
  }

  return {
    /**
     * Folds an event into the session that holds any of `uids` (creating it if none does), and
     * links the delivery it came from to the session, in one short transaction. On a server two events for one booking can race to create or link
     * sessions; the loser hits a unique key or a uid claimed meanwhile, and simply runs again
     * against the winner's rows.
     */
    async apply(
      uids: string[],
      fold: (state: BookingState | null) => BookingState,
      options: { deliveryId?: number } = {},
    ): Promise<{ session: SessionRow; changed: boolean }> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await applyOnce(uids, fold, options.deliveryId)
        } catch (error) {
          const race = error instanceof ApplyRaceError || (error as { code?: string }).code === UNIQUE_VIOLATION
          if (!race || attempt >= 5) throw error
        }
      }
    },

    /**
     * Records that `role` joined, once: the first report wins and asks for a sync so the record
     * shows it; later reports change nothing. Returns whether this report was the first.
     */
    async markJoined(id: string, role: Role): Promise<boolean> {
      const column = role === 'host' ? sql`host_joined_at` : sql`member_joined_at`
      const rows = await sql`
        update sessions set ${column} = now(), state_version = state_version + 1, updated_at = now()
        where id = ${id} and ${column} is null returning id`
      return rows.length > 0
    },

    /** Stores `role`'s rating (a later one replaces it) and asks for a sync. */
    async rate(id: string, role: Role, stars: number, comment: string | null): Promise<void> {
      if (role === 'host') {
        await sql`update sessions set host_rating = ${stars}, host_comment = ${comment}, state_version = state_version + 1 where id = ${id}`
      } else {
        await sql`update sessions set member_rating = ${stars}, member_comment = ${comment}, state_version = state_version + 1 where id = ${id}`
      }
    },

    async orphanRooms(id: string): Promise<string[]> {
      const rows = await sql<{ roomName: string }[]>`select room_name as "roomName" from orphan_rooms where session_id = ${id}`
      return rows.map((row) => row.roomName)
    },

    async forgetOrphanRoom(name: string): Promise<void> {
      await sql`delete from orphan_rooms where room_name = ${name}`
    },

    async findByUid(uid: string): Promise<SessionRow | null> {
      const [row] = await sql<SessionRow[]>`
        select ${columns(sql)} from sessions s join booking_aliases a on a.session_id = s.id where a.uid = ${uid}`
      return row ?? null
    },

    async get(id: string): Promise<SessionRow | null> {
      const [row] = await sql<SessionRow[]>`select ${columns(sql)} from sessions s where s.id = ${id}`
      return row ?? null
    },

    /** Takes the session's lease if it is free (or expired) and there is something to sync. */
    async claim(id: string, owner: string, leaseMs: number): Promise<SessionRow | null> {
      const [row] = await sql<SessionRow[]>`
        update sessions as s set lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000})
        where id = ${id} and synced_version < state_version and (lease_until is null or lease_until < now())
        returning ${columns(sql)}`
      return row ?? null
    },

    async recordRoom(id: string, owner: string, room: { status: RoomStatus; url: string | null; nbf: Date | null; exp: Date | null }): Promise<void> {
      await sql`
        update sessions set room_status = ${room.status}, room_url = ${room.url}, room_nbf = ${room.nbf}, room_exp = ${room.exp},
          updated_at = now()
        where id = ${id} and lease_owner = ${owner}`
    },

    /**
     * Marks `version` as visible to operators and gives the lease back, unless a newer version
     * arrived meanwhile: then the caller keeps the lease and goes round again, so no change is
     * left unsynced between one worker's last look and its release.
     */
    async finishSync(id: string, owner: string, version: number): Promise<{ released: boolean }> {
      const [row] = await sql<{ released: boolean }[]>`
        update sessions set synced_version = greatest(synced_version, ${version}), sync_attempts = 0, sync_error = null,
          next_sync_at = null,
          lease_owner = case when state_version <= ${version} then null else lease_owner end,
          lease_until = case when state_version <= ${version} then null else lease_until end
        where id = ${id} and lease_owner = ${owner}
        returning lease_owner is null as released`
      return { released: row?.released ?? true }
    },

    async failSync(id: string, owner: string, error: string): Promise<void> {
      await sql`
        update sessions set lease_owner = null, lease_until = null, sync_attempts = sync_attempts + 1, sync_error = ${error},
          next_sync_at = now() + make_interval(secs => least(5 * power(2, sync_attempts), 600))
        where id = ${id} and lease_owner = ${owner}`
    },

    /** Asks for another sync even if nothing changed (room repair). */
    async requestSync(id: string, options: { forgetRoom?: boolean } = {}): Promise<void> {
      await sql`
        update sessions set state_version = state_version + 1, next_sync_at = null,
          room_status = case when ${options.forgetRoom ?? false} and room_status = 'Active' then 'Not Created' else room_status end
        where id = ${id}`
    },

    /** Sessions with unsynced changes whose retry time has come and whose lease is free. */
    async dueForSync(limit: number): Promise<string[]> {
      const rows = await sql<{ id: string }[]>`
        select id::text as id from sessions
        where synced_version < state_version and (next_sync_at is null or next_sync_at <= now())
          and (lease_until is null or lease_until < now())
        order by start_time limit ${limit}`
      return rows.map((row) => row.id)
    },

    /** Booked sessions starting before `until` (and not over) that still have no room. */
    async missingRooms(until: Date, limit: number): Promise<string[]> {
      const rows = await sql<{ id: string }[]>`
        select id::text as id from sessions
        where booking_status = 'Created' and room_status = 'Not Created' and start_time <= ${until} and end_time > now()
        order by start_time limit ${limit}`
      return rows.map((row) => row.id)
    },
  }
}

export type SessionRepository = ReturnType<typeof createSessionRepository>

function sameState(a: BookingState, b: BookingState): boolean {
  return JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort())
}
