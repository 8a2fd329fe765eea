import { useId, useRef, useState, type FormEvent } from 'react'
import type { SessionView } from '../../../../shared/api/session.ts'
import { functionsUrl } from '../../config.ts'
import { postSessionAction } from '../sessionApi.ts'
import type { SessionLink } from '../sessionLink.ts'

const COMMENT_MAX_LENGTH = 1000
const STARS = [1, 2, 3, 4, 5] as const

type Problem = 'no_stars' | 'not_saved' | null

/** 1-5 stars (native radios, so keyboards and screen readers get a real radio group) and a comment. */
export function RatingForm({ link, onRated }: { link: SessionLink; onRated: (view: SessionView) => void }) {
  const id = useId()
  const firstStar = useRef<HTMLInputElement>(null)
  const [stars, setStars] = useState<number | null>(null)
  const [comment, setComment] = useState('')
  const [sending, setSending] = useState(false)
  const [problem, setProblem] = useState<Problem>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (stars === null) {
      setProblem('no_stars')
      firstStar.current?.focus()
      return
    }
    setSending(true)
    setProblem(null)
    try {
      const text = comment.trim()
      onRated(await postSessionAction(functionsUrl, link, 'rate', text ? { stars, comment: text } : { stars }))
    } catch {
      setProblem('not_saved')
      setSending(false)
    }
  }

  return (
    <form className="rating" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Rate your session</h2>
      <fieldset role="radiogroup" className="stars" aria-describedby={problem === 'no_stars' ? `${id}-problem` : undefined}>
        <legend>How was it?</legend>
        {STARS.map((n) => (
          <label key={n} className={stars !== null && n <= stars ? 'star on' : 'star'}>
            <input ref={n === 1 ? firstStar : undefined} type="radio" name={`${id}-stars`} value={n} checked={stars === n} onChange={() => setStars(n)} />
            <span aria-hidden="true">★</span>
            <span className="visually-hidden">{n === 1 ? '1 star' : `${n} stars`}</span>
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-comment`}>Anything you'd like to add? (optional)</label>
      <textarea
        id={`${id}-comment`}
        rows={4}
        maxLength={COMMENT_MAX_LENGTH}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        aria-describedby={`${id}-count`}
      />
      <p id={`${id}-count`} className="muted">
        {comment.length}/{COMMENT_MAX_LENGTH} characters
      </p>
      {problem && (
        <p id={`${id}-problem`} role="alert" className="problem">
          {problem === 'no_stars' ? 'Choose from 1 to 5 stars.' : "We couldn't save your rating. Please try again."}
        </p>
      )}
      <button type="submit" className="button" disabled={sending}>
        {sending ? 'Sending…' : 'Send rating'}
      </button>
    </form>
  )
}
