import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FIELD_DOCS_END, FIELD_DOCS_START, renderFieldDocs } from '../../shared/operations/fieldDocs.ts'

const README = new URL('../../README.md', import.meta.url)

describe('README field tables', () => {
  it('are the tables the field declaration renders', () => {
    const readme = readFileSync(README, 'utf8')
    const start = readme.indexOf(FIELD_DOCS_START)
    const end = readme.indexOf(FIELD_DOCS_END)
    expect(start, `README.md needs a ${FIELD_DOCS_START} marker`).toBeGreaterThanOrEqual(0)
    expect(end, `README.md needs a ${FIELD_DOCS_END} marker after the start`).toBeGreaterThan(start)
    const documented = readme.slice(start + FIELD_DOCS_START.length, end).trim()
    expect(documented, 'replace the README text between the markers with renderFieldDocs()').toBe(renderFieldDocs())
  })
})
