import { Link } from 'react-router-dom'

export default function NotFoundPage() {
  return (
    <section aria-labelledby="not-found-heading">
      <title>Page not found · Presence</title>
      <h1 id="not-found-heading">Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/">Go to the home page</Link>
    </section>
  )
}
