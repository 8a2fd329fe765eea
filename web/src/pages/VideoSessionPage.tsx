import { useSearchParams } from 'react-router-dom'

/** Placeholder until the session page is built: shows which session the link points at. */
export default function VideoSessionPage() {
  const [params] = useSearchParams()
  const bookingId = params.get('bookingId')
  const userType = params.get('userType')
  const role = userType === 'host' || userType === 'member' ? userType : null

  return (
    <section aria-labelledby="session-heading">
      <title>Video session · Presence</title>
      <h1 id="session-heading">Video session</h1>
      {bookingId ? (
        <p>
          Booking <code>{bookingId}</code>
          {role && <> — joining as {role}</>}
        </p>
      ) : (
        <p>This link has no booking id.</p>
      )}
      <p>The session page is coming soon.</p>
    </section>
  )
}
