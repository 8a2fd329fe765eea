import { Link } from 'react-router-dom'
import type { RefusalCode } from '../useSessionView.ts'

/** `incomplete`: the page's own check found a value missing, before asking the server. */
export type LinkProblem = 'incomplete' | RefusalCode

const COPY: Record<Exclude<LinkProblem, 'invalid_request'>, { heading: string; detail: string }> = {
  incomplete: {
    heading: 'This session link is incomplete',
    detail: 'It is missing part of what identifies you and your session. Open the link from your message again, making sure all of it was copied.',
  },
  invalid_link: {
    heading: 'This session link is not valid',
    detail: 'It may have been changed or copied only in part, or it belongs to the other person in the session. Open the link sent to you again.',
  },
  link_expired: {
    heading: 'This session link has expired',
    detail: 'The session is over, so its link no longer opens it.',
  },
  not_found: {
    heading: "We can't find this session",
    detail: 'No session matches this link. If it was booked a moment ago, give it a minute and try again.',
  },
}

export function LinkProblemScreen({ problem, onRetry }: { problem: LinkProblem; onRetry?: () => void }) {
  // The server's "invalid_request" is the same problem, found on its side.
  const { heading, detail } = COPY[problem === 'invalid_request' ? 'incomplete' : problem]
  return (
    <>
      <h1 id="session-heading">{heading}</h1>
      <div role="alert" className="notice">
        <p>{detail}</p>
        {problem === 'not_found' && onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        )}
        {problem === 'link_expired' && (
          <Link className="button" to="/host-selection">
            Book another session
          </Link>
        )}
      </div>
    </>
  )
}
