import type { Room, RoomProvider, RoomSpec } from '../roomProvider.ts'
import { createDailyApi, DailyApiError } from './dailyApi.ts'
import { signMeetingToken, unixSeconds } from './meetingToken.ts'
import { type DailyRoom, dailyDeletedSchema, dailyDomainSchema, dailyRoomSchema } from './responses.ts'

export interface DailyRoomProviderOptions {
  apiKey: string
  /** The subdomain alone: `presence` for https://presence.daily.co. */
  domain: string
  apiUrl?: string
  fetch?: typeof fetch
  now?: () => Date
  timeoutMs?: number
}

/** Daily's wording for a duplicate name, e.g. `a room named presence-abc already exists`. */
const ALREADY_EXISTS = /already exists/i

export function createDailyRoomProvider(options: DailyRoomProviderOptions): RoomProvider {
  const { apiKey, domain, now = () => new Date() } = options
  const api = createDailyApi({ apiKey, apiUrl: options.apiUrl ?? 'https://api.daily.co/v1', fetch: options.fetch, timeoutMs: options.timeoutMs ?? 10_000 })
  const roomPath = (name: string) => `/rooms/${encodeURIComponent(name)}`

  /*
   * Self-signed tokens must carry the domain id in `d`, and only Daily's domain config (GET /)
   * knows it. Asked once per provider, on the first token; a failed lookup is forgotten so the
   * next token asks again.
   */
  let domainId: Promise<string> | undefined
  function lookUpDomainId(): Promise<string> {
    domainId ??= api(dailyDomainSchema, { method: 'GET', path: '/', label: 'get domain config' }).then(
      (config) => config.domain_id,
      (error: unknown) => {
        domainId = undefined
        throw error
      },
    )
    return domainId
  }

  function toRoom(answer: DailyRoom, spec: RoomSpec): Room {
    const nbf = answer.config?.nbf
    const exp = answer.config?.exp
    return {
      name: answer.name,
      url: answer.url ?? `https://${domain}.daily.co/${answer.name}`,
      nbf: nbf === undefined ? spec.nbf : new Date(nbf * 1000),
      exp: exp === undefined ? spec.exp : new Date(exp * 1000),
    }
  }

  async function ensureRoom(spec: RoomSpec): Promise<Room> {
    const settings = {
      privacy: 'private',
      properties: { nbf: unixSeconds(spec.nbf), exp: unixSeconds(spec.exp), eject_at_room_exp: true },
    }
    // Two rounds: a room deleted between our create and our update (a concurrent cleanup) is made afresh.
    for (let round = 1; ; round++) {
      try {
        const created = await api(dailyRoomSchema, {
          method: 'POST',
          path: '/rooms',
          body: { name: spec.name, ...settings },
          label: `create room ${spec.name}`,
        })
        return toRoom(created, spec)
      } catch (error) {
        if (!isAlreadyExists(error)) throw error
      }
      // The name is taken by our own earlier attempt (a retry or a reschedule): bring it to the spec.
      try {
        const updated = await api(dailyRoomSchema, {
          method: 'POST',
          path: roomPath(spec.name),
          body: settings,
          label: `update room ${spec.name}`,
        })
        return toRoom(updated, spec)
      } catch (error) {
        if (!(round < 2 && isNotFound(error))) throw error
      }
    }
  }

  async function deleteRoom(name: string): Promise<void> {
    try {
      await api(dailyDeletedSchema, { method: 'DELETE', path: roomPath(name), label: `delete room ${name}` })
    } catch (error) {
      // Gone already, or expired (Daily treats those as deleted and answers 404 too).
      if (!isNotFound(error)) throw error
    }
  }

  return {
    kind: 'daily',
    ensureRoom,
    deleteRoom,
    async createMeetingToken(request) {
      return signMeetingToken(request, apiKey, await lookUpDomainId(), now())
    },
  }
}

function isAlreadyExists(error: unknown): boolean {
  return (
    error instanceof DailyApiError &&
    error.providerStatus === 400 &&
    error.type === 'invalid-request-error' &&
    ALREADY_EXISTS.test(error.info)
  )
}

function isNotFound(error: unknown): boolean {
  return error instanceof DailyApiError && error.providerStatus === 404
}
