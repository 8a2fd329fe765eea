import { useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import { LinkProblemScreen } from '../session/screens/LinkProblemScreen.tsx'
import { SessionScreen } from '../session/SessionScreen.tsx'
import { parseSessionLink } from '../session/sessionLink.ts'

/** `/video-session?bookingId=…&userType=host|member&token=…`: one session, for one of its two people. */
export default function VideoSessionPage() {
  const [params] = useSearchParams()
  const query = params.toString()
  const link = useMemo(() => parseSessionLink(new URLSearchParams(query)), [query])

  return (
    <section className="session-page" aria-labelledby="session-heading">
      <title>Video session · Presence</title>
      {link ? <SessionScreen key={query} link={link} /> : <LinkProblemScreen problem="incomplete" />}
    </section>
  )
}
