import { expect, it } from 'vitest'
import { AFTER_SIGN_IN, safeNext } from './safeNext.ts'

const ORIGIN = 'https://presence.example'

it('keeps a path on this site, with its query and hash', () => {
  expect(safeNext('/plans?host=rec1&plan=weekly', ORIGIN)).toBe('/plans?host=rec1&plan=weekly')
  expect(safeNext('/book?purchase=p1#top', ORIGIN)).toBe('/book?purchase=p1#top')
})

it('falls back for anything that could leave the site, or loop back to sign-in', () => {
  for (const next of [null, '', 'plans', '//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/sign-in?next=%2Fplans', ' /plans']) {
    expect(safeNext(next, ORIGIN), String(next)).toBe(AFTER_SIGN_IN)
  }
})
