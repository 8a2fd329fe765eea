import type { Sql } from '../../db/connect.ts'
import { ProviderError } from '../../errors.ts'
import { signMeetingToken } from '../daily/meetingToken.ts'
import { isValidRoomName } from '../daily/roomNames.ts'
import type { RoomProvider } from '../roomProvider.ts'
import { LOCAL_DOMAIN_ID, type LocalRoomRow } from './localRoomsTable.ts'

export interface LocalRoomProviderOptions {
  sql: Sql
  /** Rooms live at `${baseUrl}/{name}`, e.g. http://127.0.0.1:54321/local-daily. */
  baseUrl: string
  /** Signs meeting tokens, as the API key does for Daily. */
  signingKey: string
  now?: () => Date
}

/**
 * The offline stand-in for Daily: rooms are rows in `local_rooms`, served by the local room page.
 * Same contract as Daily: ensure creates or updates (and revives a deleted room), delete is
 * idempotent, names follow Daily's rule.
 */
export function createLocalRoomProvider(options: LocalRoomProviderOptions): RoomProvider {
  const { sql, signingKey, now = () => new Date() } = options
  const baseUrl = options.baseUrl.replace(/\/+$/, '')

  return {
    kind: 'local',

    async ensureRoom(spec) {
      if (!isValidRoomName(spec.name)) {
        throw new ProviderError('local', `invalid room name ${JSON.stringify(spec.name)}: use [A-Za-z0-9_-], at most 128`, false, 400)
      }
      const at = now()
      const [row] = await sql<LocalRoomRow[]>`
        insert into local_rooms (name, nbf, exp, privacy, created_at, updated_at)
        values (${spec.name}, ${spec.nbf}, ${spec.exp}, 'private', ${at}, ${at})
        on conflict (name) do update set
          nbf = excluded.nbf,
          exp = excluded.exp,
          privacy = excluded.privacy,
          -- A revived room counts as new, as a fresh Daily room of the same name would.
          created_at = case when local_rooms.deleted_at is null then local_rooms.created_at else excluded.created_at end,
          updated_at = excluded.updated_at,
          deleted_at = null
        returning *`
      if (!row) throw new ProviderError('local', `room ${spec.name} was not saved`, true)
      return { name: row.name, url: `${baseUrl}/${row.name}`, nbf: row.nbf, exp: row.exp }
    },

    async deleteRoom(name) {
      // A name that breaks the rule cannot exist, so deleting it is done already, as on Daily (404).
      await sql`update local_rooms set deleted_at = ${now()} where name = ${name} and deleted_at is null`
    },

    createMeetingToken(request) {
      return signMeetingToken(request, signingKey, LOCAL_DOMAIN_ID, now())
    },
  }
}
