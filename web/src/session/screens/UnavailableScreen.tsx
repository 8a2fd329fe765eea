/** No answer, a server error or a malformed answer: say so, and let the viewer ask again. */
export function UnavailableScreen({ onRetry }: { onRetry: () => void }) {
  return (
    <>
      <h1 id="session-heading">We couldn't load your session</h1>
      <div role="alert" className="notice">
        <p>Something went wrong on our side or with your connection. Check you are online and try again.</p>
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    </>
  )
}
