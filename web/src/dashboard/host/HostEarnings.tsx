import type { HostEarnings as Earnings } from '../../../../shared/api/dashboard.ts'
import { formatCents } from '../../../../shared/plans/formatMoney.ts'

const sessionsInWords = (count: number) => `${count} completed ${count === 1 ? 'session' : 'sessions'}`

/** What completed paid sessions earned the host from the plan split, per currency. */
export function HostEarnings({ earnings }: { earnings: Earnings[] }) {
  return (
    <section className="dashboard-section" aria-labelledby="host-earnings-heading">
      <h2 id="host-earnings-heading">Earnings</h2>
      {earnings.length === 0 ? (
        <p>No earnings yet: your share of each paid session shows here once the session is completed.</p>
      ) : (
        <ul className="earnings">
          {earnings.map((line) => (
            <li key={line.currency}>
              <strong>{formatCents(line.hostShareCents, line.currency)}</strong> from {sessionsInWords(line.completedSessions)}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">Your share of each completed paid session. Payouts will appear here once they are made.</p>
    </section>
  )
}
