import { Link } from 'react-router-dom'

export default function LandingPage() {
  return (
    <section className="hero" aria-labelledby="landing-heading">
      <title>Presence — book a video session with a host</title>
      <h1 id="landing-heading">Presence — book a video session with a host</h1>
      <p className="lede">
        Pick a host, choose a time that suits you both, and meet in a private video room.
      </p>
      <Link className="button" to="/host-selection">
        Choose a host
      </Link>
      <p className="muted">
        Already booked? <Link to="/dashboard">See your sessions</Link>. Hosting on Presence? <Link to="/host">Open your hosting dashboard</Link>.
      </p>
    </section>
  )
}
