import { describe, expect, it } from 'vitest'
import { decodeJwt, verifyJwtHs256 } from '../../shared/crypto/jwt.ts'
import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
import type { RoomProvider } from '../../supabase/functions/_shared/rooms/roomProvider.ts'

export interface StoredRoom {
  nbf: Date
  exp: Date
  privacy: string
}

export interface RoomProviderHarness {
  provider: RoomProvider
  /** The provider's own record of a live room; null when it has none or the room was deleted. */
  stored(name: string): Promise<StoredRoom | null>
  /** The URL a room of that name must have. */
  urlOf(name: string): string
  /** The key tokens must verify with, and the `d` claim they must carry. */
  tokenKey: string
  domainId: string
}

/** The clock every harness gives its provider. */
export const NOW = new Date('2030-01-01T09:00:00.000Z')
const at = (iso: string) => new Date(iso)
const seconds = (date: Date) => date.getTime() / 1000

/** Behaviour every RoomProvider must have. `open` gives a provider with no rooms. */
export function describeRoomProviderContract(name: string, open: () => Promise<RoomProviderHarness>): void {
  describe(`RoomProvider contract: ${name}`, () => {
    const spec = { name: 'presence-abc123', nbf: at('2030-01-01T09:45:00Z'), exp: at('2030-01-01T10:45:00Z') }

    it('creates a private room open from nbf until exp', async () => {
      const harness = await open()
      const room = await harness.provider.ensureRoom(spec)
      expect(room).toEqual({ name: spec.name, url: harness.urlOf(spec.name), nbf: spec.nbf, exp: spec.exp })
      expect(await harness.stored(spec.name)).toEqual({ nbf: spec.nbf, exp: spec.exp, privacy: 'private' })
    })

    it('ensuring the same room twice is success and leaves one room', async () => {
      const harness = await open()
      const first = await harness.provider.ensureRoom(spec)
      const second = await harness.provider.ensureRoom(spec)
      expect(second).toEqual(first)
      expect(await harness.stored(spec.name)).toEqual({ nbf: spec.nbf, exp: spec.exp, privacy: 'private' })
    })

    it('a reschedule converges: ensuring an existing name brings it to the new nbf and exp', async () => {
      const harness = await open()
      await harness.provider.ensureRoom(spec)
      const later = { name: spec.name, nbf: at('2030-01-02T13:45:00Z'), exp: at('2030-01-02T14:45:00Z') }
      const room = await harness.provider.ensureRoom(later)
      expect(room).toEqual({ name: spec.name, url: harness.urlOf(spec.name), nbf: later.nbf, exp: later.exp })
      expect(await harness.stored(spec.name)).toEqual({ nbf: later.nbf, exp: later.exp, privacy: 'private' })
    })

    it('deletes a room, and deleting it again (or a room never made) is success', async () => {
      const harness = await open()
      await harness.provider.ensureRoom(spec)
      await harness.provider.deleteRoom(spec.name)
      expect(await harness.stored(spec.name)).toBeNull()
      await expect(harness.provider.deleteRoom(spec.name)).resolves.toBeUndefined()
      await expect(harness.provider.deleteRoom('presence-never-made')).resolves.toBeUndefined()
    })

    it('ensuring a deleted room makes it again', async () => {
      const harness = await open()
      await harness.provider.ensureRoom(spec)
      await harness.provider.deleteRoom(spec.name)
      const room = await harness.provider.ensureRoom(spec)
      expect(room.url).toBe(harness.urlOf(spec.name))
      expect(await harness.stored(spec.name)).toEqual({ nbf: spec.nbf, exp: spec.exp, privacy: 'private' })
    })

    it.each(['has space', 'slash/inside', 'x'.repeat(129), '', 'dot.name'])('rejects the room name %j as a non-retryable ProviderError', async (bad) => {
      const harness = await open()
      const error = await harness.provider.ensureRoom({ ...spec, name: bad }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ProviderError)
      expect((error as ProviderError).retryable).toBe(false)
    })

    it('accepts a 128-character name of every allowed character class', async () => {
      const harness = await open()
      const name = `Az09_-${'x'.repeat(122)}`
      await expect(harness.provider.ensureRoom({ ...spec, name })).resolves.toMatchObject({ name })
    })

    it("signs a host's token with every claim, as owner, verifiable with the key", async () => {
      const harness = await open()
      const token = await harness.provider.createMeetingToken({
        roomName: spec.name,
        userName: 'Jane Host',
        userId: 'host-1',
        isOwner: true,
        nbf: spec.nbf,
        exp: spec.exp,
      })
      const decoded = decodeJwt(token)
      expect(decoded?.header).toEqual({ alg: 'HS256', typ: 'JWT' })
      expect(decoded?.payload).toEqual({
        r: spec.name,
        d: harness.domainId,
        o: true,
        u: 'Jane Host',
        ud: 'host-1',
        iat: seconds(NOW),
        nbf: seconds(spec.nbf),
        exp: seconds(spec.exp),
      })
      // Valid inside its window, and only with the right key.
      expect(await verifyJwtHs256(token, harness.tokenKey, at('2030-01-01T10:00:00Z'))).toMatchObject({ valid: true })
      expect(await verifyJwtHs256(token, `${harness.tokenKey}x`, at('2030-01-01T10:00:00Z'))).toEqual({
        valid: false,
        reason: 'bad_signature',
      })
    })

    it("signs a member's token as non-owner; exp is bounded as given and nbf left out when not asked", async () => {
      const harness = await open()
      const exp = at('2030-01-01T10:50:00.900Z')
      const token = await harness.provider.createMeetingToken({
        roomName: spec.name,
        userName: 'Max <Member>',
        userId: 'member-1',
        isOwner: false,
        exp,
      })
      const payload = decodeJwt(token)?.payload
      expect(payload).toEqual({
        r: spec.name,
        d: harness.domainId,
        o: false,
        u: 'Max <Member>',
        ud: 'member-1',
        iat: seconds(NOW),
        exp: Math.floor(seconds(exp)),
      })
      expect(await verifyJwtHs256(token, harness.tokenKey, exp)).toMatchObject({ valid: false, reason: 'expired' })
    })
  })
}
