import { describe, expect, it } from 'vitest'
import {
  airtableString,
  dateTimeInRange,
  digitsEndWith,
  fieldEquals,
  fieldEqualsIgnoringCase,
  fieldRef,
  recordIdEquals,
} from '../../supabase/functions/_shared/store/airtable/formula.ts'
import { evaluate, FormulaError, parseFormula } from '../support/airtable/formulaEvaluator.ts'

/** Reads a literal back with the stand-in's Airtable-rules parser. */
function readBack(literal: string): unknown {
  return evaluate(parseFormula(literal), { field: () => null, recordId: 'recAAAAAAAAAAAAAA' })
}

describe('airtableString', () => {
  it('escapes backslashes, double quotes and line breaks, and nothing else', () => {
    expect(airtableString('plain')).toBe('"plain"')
    expect(airtableString(`it's`)).toBe(`"it's"`)
    expect(airtableString('say "hi"')).toBe('"say \\"hi\\""')
    expect(airtableString('back\\slash')).toBe('"back\\\\slash"')
    expect(airtableString('brace}{')).toBe('"brace}{"')
    expect(airtableString('line\nbreak')).toBe('"line\\nbreak"')
    expect(airtableString('')).toBe('""')
  })

  it('reads back as exactly the original string, for hostile and random input', () => {
    const hostile = [`it's`, 'say "hi"', 'back\\slash', 'brace}', `all'"\\}{`, "x') , TRUE(), ('", `"),TRUE(),("`, '\\"', '\\', 'ünï-çødé ✓ 🎉', 'line\nbreak', 'tab\there', 'cr\rlf\r\n']
    for (const value of hostile) expect(readBack(airtableString(value)), JSON.stringify(value)).toBe(value)

    const alphabet = ['a', 'Z', '0', ' ', "'", '"', '\\', '{', '}', '(', ')', ',', '=', '&', '\n', '\r', '\t', 'é', '✓', '🎉']
    let seed = 42
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31)
    for (let round = 0; round < 500; round++) {
      const value = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join('')
      expect(readBack(airtableString(value)), JSON.stringify(value)).toBe(value)
    }
  })

  it('is needed: naive quoting of a hostile uid is rejected or changes the formula', () => {
    expect(() => parseFormula(`{Cal.com Booking ID}="${'say "hi"'}"`)).toThrow(FormulaError)
    expect(() => parseFormula(`{Cal.com Booking ID}="${'back\\slash'}"`)).toThrow(FormulaError)
  })
})

describe('formula helpers', () => {
  it('builds field comparisons', () => {
    expect(fieldEquals('Cal.com Booking ID', 'a"b')).toBe('{Cal.com Booking ID}="a\\"b"')
    expect(fieldEqualsIgnoringCase('Email', 'X@Y.com')).toBe('LOWER({Email})=LOWER("X@Y.com")')
  })

  it('refuses a field name that cannot be referenced', () => {
    expect(() => fieldRef('bad}name')).toThrow(/cannot be used/)
  })

  it('selects date-times in [from, to) and skips empty cells', () => {
    const formula = parseFormula(
      dateTimeInRange('Session Start Time', new Date('2030-01-01T10:00:00Z'), new Date('2030-01-01T11:00:00Z')),
    )
    const at = (iso: string | null) => evaluate(formula, { field: () => (iso === null ? null : new Date(iso)), recordId: 'recAAAAAAAAAAAAAA' })
    expect(at('2030-01-01T10:00:00.000Z')).toBe(true)
    expect(at('2030-01-01T10:59:59.999Z')).toBe(true)
    expect(at('2030-01-01T09:59:59.999Z')).toBe(false)
    expect(at('2030-01-01T11:00:00.000Z')).toBe(false)
    expect(at(null)).toBe(false)
  })

  it('matches a record by its id, and a hostile id matches nothing', () => {
    const matches = (id: string, recordId: string) => evaluate(parseFormula(recordIdEquals(id)), { field: () => null, recordId })
    expect(matches('recAAAAAAAAAAAAAA', 'recAAAAAAAAAAAAAA')).toBe(true)
    expect(matches('recAAAAAAAAAAAAAA', 'recBBBBBBBBBBBBBB')).toBe(false)
    expect(matches(`"),TRUE(),("`, 'recAAAAAAAAAAAAAA')).toBe(false)
  })

  it('matches a phone cell by the digits it ends with, whatever separators it was typed with', () => {
    const formula = digitsEndWith('Phone', '12345678')
    expect(formula).toBe('RIGHT(REGEX_REPLACE({Phone},"[^0-9]",""),8)="12345678"')
    const at = (cell: string | null) => evaluate(parseFormula(formula), { field: () => cell, recordId: 'recAAAAAAAAAAAAAA' })
    expect(at('+61412345678')).toBe(true)
    expect(at('0412 345-678')).toBe(true)
    expect(at('(04) 1234 5679')).toBe(false)
    expect(at(null)).toBe(false)
    expect(() => digitsEndWith('Phone', '1") , TRUE(), ("')).toThrow(/digits only/)
  })
})
