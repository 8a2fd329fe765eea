export function LoadingScreen() {
  return (
    <>
      <h1 id="session-heading">Your session</h1>
      <p role="status">Loading your session…</p>
    </>
  )
}
