import { useState } from 'react'
import { postDashboardAction } from '../dashboardApi.ts'

interface LikeToggleProps {
  bookingId: string
  memberName: string
  /** As the server last said. */
  liked: boolean
  /** The server confirmed the like as it now stands. */
  onSaved: (liked: boolean) => void
}

/**
 * "I enjoyed meeting Sam": pressed at once, then sent; if sending fails it is put back and says
 * so. One send at a time, so the server sees the presses in order.
 */
export function LikeToggle({ bookingId, memberName, liked: saved, onSaved }: LikeToggleProps) {
  const [liked, setLiked] = useState(saved)
  const [seenSaved, setSeenSaved] = useState(saved)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // A refresh that brings another saved value wins over what was shown.
  if (saved !== seenSaved) {
    setSeenSaved(saved)
    setLiked(saved)
  }

  async function toggle() {
    if (sending) return
    const next = !liked
    setLiked(next)
    setError(null)
    setSending(true)
    try {
      const result = await postDashboardAction({ action: 'like', bookingId, liked: next })
      setLiked(result.likedMember)
      onSaved(result.likedMember)
    } catch (failure) {
      setLiked(!next)
      const why = failure instanceof Error ? failure.message : 'Something went wrong.'
      setError(next ? `We couldn't save that you enjoyed meeting ${memberName}. ${why}` : `We couldn't take back that you enjoyed meeting ${memberName}. ${why}`)
    } finally {
      setSending(false)
    }
  }

  return (
    <div className="like-toggle">
      <button type="button" className={`tag-toggle${liked ? ' on' : ''}`} aria-pressed={liked} aria-disabled={sending || undefined} onClick={() => void toggle()}>
        I enjoyed meeting {memberName}
      </button>
      <p role="status" className="muted">
        {liked && !error ? `${memberName} will see that you enjoyed meeting them.` : ''}
      </p>
      {error && (
        <p role="alert" className="like-error">
          {error}
        </p>
      )}
    </div>
  )
}
