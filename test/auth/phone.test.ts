import { describe, expect, it } from 'vitest'
import { parsePhone, toE164 } from '../../shared/auth/phone.ts'

describe('parsePhone', () => {
  it('reads Australian numbers typed in any usual form as E.164', () => {
    for (const typed of ['0412 345 678', '0412345678', '+61 412 345 678', '+61412345678', '(04) 1234-5678', ' 0412 345 678 ']) {
      expect(parsePhone(typed), typed).toEqual({ ok: true, phone: '+61412345678' })
    }
    expect(parsePhone('(02) 9374 4000')).toEqual({ ok: true, phone: '+61293744000' })
  })

  it('keeps another country when the number says so', () => {
    expect(parsePhone('+1 415 555 2671')).toEqual({ ok: true, phone: '+14155552671' })
    expect(parsePhone('+44 20 7946 0958')).toEqual({ ok: true, phone: '+442079460958' })
  })

  it('explains an empty or invalid number', () => {
    expect(parsePhone('   ')).toEqual({ ok: false, message: 'Enter your mobile number.' })
    for (const typed of ['12', '0412 345', 'not a phone', '+61 412 345 678 999 999', '+999 1234 5678']) {
      const parsed = parsePhone(typed)
      expect(parsed.ok, typed).toBe(false)
      if (!parsed.ok) expect(parsed.message).toMatch(/is not a valid phone number.*0412 345 678/)
    }
  })
})

describe('toE164', () => {
  it('is null for a blank or invalid stored phone', () => {
    expect(toE164(null)).toBeNull()
    expect(toE164('')).toBeNull()
    expect(toE164('call me')).toBeNull()
    expect(toE164('+61 400 000 001')).toBe('+61400000001')
  })
})
