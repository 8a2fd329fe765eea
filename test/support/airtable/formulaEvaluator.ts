/**
 * A small parser and evaluator for the `filterByFormula` subset our adapters emit, with
 * Airtable's rules: string literals in double or single quotes where a backslash escapes
 * `\\`, `\"`, `\'` and `\n`; whole-number literals; `{Field Name}` references; `=`; AND, OR,
 * NOT, LOWER, RIGHT, REGEX_REPLACE, IS_BEFORE, DATETIME_PARSE and RECORD_ID. Anything else is
 * rejected, so a badly escaped value fails loudly (Airtable answers 422 INVALID_FILTER_BY_FORMULA)
 * instead of quietly matching.
 */

export type FormulaValue = string | number | boolean | Date | null

export class FormulaError extends Error {}

/** The record a formula is evaluated for. */
export interface FormulaScope {
  field(name: string): FormulaValue
  recordId: string
}

type Node =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'field'; name: string }
  | { kind: 'equals'; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] }

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'field'; name: string }
  | { kind: 'ident'; name: string }
  | { kind: 'punct'; value: '(' | ')' | ',' | '=' }

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n' }

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (/\s/.test(c)) {
      i++
    } else if (c === '"' || c === "'") {
      let value = ''
      i++
      for (;;) {
        if (i >= text.length) throw new FormulaError('unterminated string literal')
        const d = text[i] as string
        if (d === c) break
        if (d === '\\') {
          const escaped = ESCAPES[text[i + 1] ?? '']
          if (escaped === undefined) throw new FormulaError(`unknown escape \\${text[i + 1] ?? ''}`)
          value += escaped
          i += 2
        } else {
          value += d
          i++
        }
      }
      i++
      tokens.push({ kind: 'string', value })
    } else if (c === '{') {
      const end = text.indexOf('}', i + 1)
      if (end < 0) throw new FormulaError('unterminated field reference')
      const name = text.slice(i + 1, end)
      if (name === '') throw new FormulaError('empty field reference')
      tokens.push({ kind: 'field', name })
      i = end + 1
    } else if (/[0-9]/.test(c)) {
      const digits = /^[0-9]+/.exec(text.slice(i))?.[0] as string
      tokens.push({ kind: 'number', value: Number(digits) })
      i += digits.length
    } else if (c === '(' || c === ')' || c === ',' || c === '=') {
      tokens.push({ kind: 'punct', value: c })
      i++
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))
      if (!match) throw new FormulaError(`unexpected character ${JSON.stringify(c)}`)
      tokens.push({ kind: 'ident', name: match[0].toUpperCase() })
      i += match[0].length
    }
  }
  return tokens
}

const FUNCTIONS: Record<string, { min: number; max: number }> = {
  AND: { min: 1, max: Infinity },
  OR: { min: 1, max: Infinity },
  NOT: { min: 1, max: 1 },
  LOWER: { min: 1, max: 1 },
  RIGHT: { min: 2, max: 2 },
  REGEX_REPLACE: { min: 3, max: 3 },
  IS_BEFORE: { min: 2, max: 2 },
  DATETIME_PARSE: { min: 1, max: 1 },
  RECORD_ID: { min: 0, max: 0 },
}

export function parseFormula(text: string): Node {
  const tokens = tokenize(text)
  let pos = 0
  const peek = () => tokens[pos]
  const isPunct = (value: string) => {
    const t = peek()
    return t?.kind === 'punct' && t.value === value
  }
  const expect = (value: string) => {
    if (!isPunct(value)) throw new FormulaError(`expected ${value}`)
    pos++
  }

  function expression(): Node {
    const left = primary()
    if (isPunct('=')) {
      pos++
      return { kind: 'equals', left, right: primary() }
    }
    return left
  }

  function primary(): Node {
    const t = tokens[pos++]
    if (!t) throw new FormulaError('unexpected end of formula')
    if (t.kind === 'string') return { kind: 'string', value: t.value }
    if (t.kind === 'number') return { kind: 'number', value: t.value }
    if (t.kind === 'field') return { kind: 'field', name: t.name }
    if (t.kind === 'punct' && t.value === '(') {
      const inner = expression()
      expect(')')
      return inner
    }
    if (t.kind === 'ident') {
      const spec = FUNCTIONS[t.name]
      if (!spec) throw new FormulaError(`unknown function ${t.name}`)
      expect('(')
      const args: Node[] = []
      if (!isPunct(')')) {
        args.push(expression())
        while (isPunct(',')) {
          pos++
          args.push(expression())
        }
      }
      expect(')')
      if (args.length < spec.min || args.length > spec.max) throw new FormulaError(`wrong number of arguments to ${t.name}`)
      return { kind: 'call', name: t.name, args }
    }
    throw new FormulaError('unexpected token')
  }

  const tree = expression()
  if (pos !== tokens.length) throw new FormulaError('unexpected text after the formula')
  return tree
}

/** Field names the formula refers to (Airtable rejects a formula naming an unknown field). */
export function referencedFields(node: Node): string[] {
  if (node.kind === 'field') return [node.name]
  if (node.kind === 'equals') return [...referencedFields(node.left), ...referencedFields(node.right)]
  if (node.kind === 'call') return node.args.flatMap(referencedFields)
  return []
}

export function evaluate(node: Node, scope: FormulaScope): FormulaValue {
  switch (node.kind) {
    case 'string':
    case 'number':
      return node.value
    case 'field':
      return scope.field(node.name)
    case 'equals':
      return equals(evaluate(node.left, scope), evaluate(node.right, scope))
    case 'call': {
      const args = node.args.map((arg) => evaluate(arg, scope))
      switch (node.name) {
        case 'AND':
          return args.every(truthy)
        case 'OR':
          return args.some(truthy)
        case 'NOT':
          return !truthy(args[0] ?? null)
        case 'LOWER':
          return asText(args[0] ?? null).toLowerCase()
        case 'RIGHT': {
          const count = args[1]
          if (typeof count !== 'number') throw new FormulaError('RIGHT takes a number of characters')
          const text = asText(args[0] ?? null)
          return count === 0 ? '' : text.slice(-count)
        }
        case 'REGEX_REPLACE':
          // Airtable's regular expressions are RE2; the classes our adapters use mean the same in JavaScript.
          return asText(args[0] ?? null).replace(new RegExp(asText(args[1] ?? null), 'g'), asText(args[2] ?? null))
        case 'IS_BEFORE': {
          const [a, b] = args
          // Airtable gives no answer (blank) when either side is not a date.
          return a instanceof Date && b instanceof Date ? a.getTime() < b.getTime() : null
        }
        case 'DATETIME_PARSE': {
          const parsed = new Date(asText(args[0] ?? null))
          return Number.isNaN(parsed.getTime()) ? null : parsed
        }
        case 'RECORD_ID':
          return scope.recordId
      }
      throw new FormulaError(`unknown function ${node.name}`)
    }
  }
}

export function truthy(value: FormulaValue): boolean {
  if (value === null || value === '' || value === 0 || value === false) return false
  return true
}

function asText(value: FormulaValue): string {
  if (value === null) return ''
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

function equals(a: FormulaValue, b: FormulaValue): boolean {
  // Airtable treats an empty cell and "" as equal.
  if ((a === null || a === '') && (b === null || b === '')) return true
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
  if (a instanceof Date || b instanceof Date) return false
  return a === b
}
