import { useState } from 'react'
import { Link } from 'react-router-dom'
import type { HostLike } from '../../../../shared/api/dashboard.ts'
import { FunctionCallError } from '../../api/callFunction.ts'
import { plansPath } from '../../plans/plansPath.ts'

export type DismissLike = (bookingId: string) => Promise<void>

function problemText(error: unknown): string {
  const reason = error instanceof FunctionCallError ? ` ${error.message}` : ''
  return `We couldn't dismiss this.${reason}`
}

/**
 * "Host liked you", one banner per like not dismissed yet. Dismiss hides it at once; if the
 * server does not take the dismissal, it comes back with the reason, to try again.
 */
export function HostLikeBanners({ likes, onDismiss, onHidden }: { likes: HostLike[]; onDismiss: DismissLike; onHidden: () => void }) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set())
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(() => new Map())

  const dismiss = async (bookingId: string) => {
    setHidden((current) => new Set(current).add(bookingId))
    setProblems((current) => {
      const next = new Map(current)
      next.delete(bookingId)
      return next
    })
    // The banner (and the button with focus) goes: focus moves somewhere that stays.
    onHidden()
    const show = () =>
      setHidden((current) => {
        const next = new Set(current)
        next.delete(bookingId)
        return next
      })
    try {
      // Once the server has it, the like is gone from the dashboard itself: a later like of the same session shows again.
      await onDismiss(bookingId)
      show()
    } catch (error) {
      show()
      setProblems((current) => new Map(current).set(bookingId, problemText(error)))
    }
  }

  const shown = likes.filter((like) => !hidden.has(like.bookingId))
  if (shown.length === 0) return null
  return (
    <div className="host-likes">
      {shown.map((like) => {
        const problem = problems.get(like.bookingId)
        return (
          <div key={like.bookingId} role="region" aria-label="Host liked you" className="host-like">
            <p>{like.host.name ?? 'Your host'} enjoyed meeting you</p>
            <p className="dashboard-links">
              <Link className="button" to={plansPath({ hostId: like.host.id })}>
                Book again
              </Link>
              <button type="button" className="button secondary" onClick={() => void dismiss(like.bookingId)}>
                Dismiss
              </button>
            </p>
            {problem && (
              <p role="alert" className="problem">
                {problem}
              </p>
            )}
          </div>
        )
      })}
    </div>
  )
}
