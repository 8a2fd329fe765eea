import { writeFile } from 'node:fs/promises'
import { formatCents } from '../../shared/plans/formatMoney.ts'
import { type PayoutFilter, type PayoutLines, payoutCsv } from '../../supabase/functions/_shared/payouts/payoutLines.ts'
import { EXIT, warn, type CliIo, type Print } from './io.ts'
import { counted, formatTable, formatTime, printable } from './text.ts'

/** `presence payouts list`: payout lines as a table (with each host's total due) or as JSON. */
export async function listPayouts(payouts: Pick<PayoutLines, 'list'>, options: PayoutFilter & { json: boolean }, print: Print): Promise<number> {
  const lines = await payouts.list(options)
  if (options.json) {
    print(JSON.stringify(lines, null, 2))
    return EXIT.ok
  }
  if (lines.length === 0) {
    print(options.due ? 'No payouts due.' : 'No payout lines yet.')
    return EXIT.ok
  }
  const rows = lines.map((line) => [
    String(line.id),
    printable(line.hostName ?? line.hostId),
    formatTime(line.sessionStart),
    formatCents(line.amountCents, line.currency),
    line.status,
    formatTime(line.paidAt),
  ])
  for (const row of formatTable(['ID', 'HOST', 'SESSION (UTC)', 'AMOUNT', 'STATUS', 'PAID (UTC)'], rows)) print(row)
  const due = new Map<string, number>()
  for (const line of lines) if (line.status === 'due') due.set(line.hostName ?? line.hostId, (due.get(line.hostName ?? line.hostId) ?? 0) + line.amountCents)
  for (const [host, cents] of due) print(`Due to ${printable(host)}: ${formatCents(cents)}`)
  return EXIT.ok
}

/** `presence payouts export --csv <file>`: the lines (filtered like list) written as CSV. */
export async function exportPayouts(payouts: Pick<PayoutLines, 'list'>, options: PayoutFilter & { file: string }, io: CliIo): Promise<number> {
  const lines = await payouts.list(options)
  await writeFile(options.file, payoutCsv(lines), 'utf8')
  io.print(`Wrote ${counted(lines.length, 'payout line', 'payout lines')} to ${options.file}`)
  return EXIT.ok
}

/** `presence payouts mark-paid <ids…>`: all or none; lines already paid are left as they were. */
export async function markPayoutsPaid(payouts: Pick<PayoutLines, 'markPaid'>, ids: number[], io: CliIo): Promise<number> {
  const { marked, alreadyPaid } = await payouts.markPaid(ids)
  if (marked.length > 0) io.print(`Marked paid: ${marked.join(', ')}`)
  if (alreadyPaid.length > 0) warn(io, `Already paid (unchanged): ${alreadyPaid.join(', ')}`)
  return EXIT.ok
}
