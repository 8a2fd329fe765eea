import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decodeJwt, signJwtHs256, verifyJwtHs256 } from '../../shared/crypto/jwt.ts'

const KEY = 'jwt-test-key'
const NOW = new Date('2030-01-01T10:00:00Z')
const T = NOW.getTime() / 1000

describe('HS256 JWT', () => {
  it('signs what an independent HMAC-SHA256 computes over header.payload', async () => {
    const token = await signJwtHs256({ r: 'room', exp: T + 60, name: 'Zoë ✓' }, KEY)
    const [header, payload, signature] = token.split('.') as [string, string, string]
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ r: 'room', exp: T + 60, name: 'Zoë ✓' })
    expect(signature).toBe(createHmac('sha256', KEY).update(`${header}.${payload}`).digest('base64url'))
    expect(token).not.toMatch(/[+/=]/)
  })

  it('verifies a token signed elsewhere with the same key', async () => {
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256' })).toString('base64url')
    const payload = Buffer.from(JSON.stringify({ r: 'room', nbf: T - 1 })).toString('base64url')
    const signature = createHmac('sha256', KEY).update(`${header}.${payload}`).digest('base64url')
    expect(await verifyJwtHs256(`${header}.${payload}.${signature}`, KEY, NOW)).toEqual({ valid: true, payload: { r: 'room', nbf: T - 1 } })
  })

  it('rejects a changed payload, another key, alg none, and things that are not JWTs', async () => {
    const token = await signJwtHs256({ r: 'room', o: false }, KEY)
    const [header, , signature] = token.split('.')
    const promoted = Buffer.from(JSON.stringify({ r: 'room', o: true })).toString('base64url')
    expect(await verifyJwtHs256(`${header}.${promoted}.${signature}`, KEY, NOW)).toEqual({ valid: false, reason: 'bad_signature' })
    expect(await verifyJwtHs256(token, 'other-key', NOW)).toEqual({ valid: false, reason: 'bad_signature' })
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')
    expect(await verifyJwtHs256(`${none}.${promoted}.`, KEY, NOW)).toEqual({ valid: false, reason: 'unsupported_algorithm' })
    for (const junk of ['', 'a.b', 'a.b.c.d', '!!!.e30.', 'e30.bm90IGpzb24.', 'W10.e30.', `${header}.e30.a`]) {
      expect(await verifyJwtHs256(junk, KEY, NOW)).toEqual({ valid: false, reason: 'malformed' })
    }
  })

  it('checks exp and nbf against the given time, returning the authentic payload', async () => {
    const token = await signJwtHs256({ nbf: T - 10, exp: T + 10 }, KEY)
    expect(await verifyJwtHs256(token, KEY, NOW)).toMatchObject({ valid: true })
    expect(await verifyJwtHs256(token, KEY, new Date((T + 10) * 1000))).toEqual({
      valid: false,
      reason: 'expired',
      payload: { nbf: T - 10, exp: T + 10 },
    })
    expect(await verifyJwtHs256(token, KEY, new Date((T - 11) * 1000))).toMatchObject({ valid: false, reason: 'not_yet_valid' })
  })

  it('decodes without verifying', async () => {
    const token = await signJwtHs256({ a: 1 }, KEY)
    expect(decodeJwt(token)).toMatchObject({ header: { alg: 'HS256', typ: 'JWT' }, payload: { a: 1 } })
    expect(decodeJwt('nope')).toBeNull()
  })
})
