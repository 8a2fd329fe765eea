import { useMemo, useState, type FormEvent } from 'react'
import { createProfileRequestSchema, NAME_MAX_LENGTH } from '../../../shared/api/profile.ts'
import { saveProfile } from './profileApi.ts'

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** A first-time member's details, asked once: the phone is the one they just proved. */
export function ProfileForm({ phone, onSaved }: { phone: string; onSaved: () => Promise<void> }) {
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf('timeZone')
    const mine = browserTimeZone()
    return all.includes(mine) ? all : [mine, ...all]
  }, [])
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [timeZone, setTimeZone] = useState(browserTimeZone)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const parsed = createProfileRequestSchema.safeParse({ name, email, timeZone })
    if (!parsed.success) return setError(parsed.error.issues.map((issue) => issue.message).join(' '))
    setError(null)
    setSaving(true)
    try {
      await saveProfile(parsed.data)
      await onSaved()
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
      setSaving(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-describedby="profile-intro profile-error">
      <h1 id="sign-in-heading">Tell us about you</h1>
      <p id="profile-intro" className="lede">
        Signed in as {phone}. We ask this once: your host sees your name, and booking confirmations go to your email.
      </p>
      <p>
        <label htmlFor="profile-name">Your name</label>
        <br />
        <input id="profile-name" name="name" autoComplete="name" maxLength={NAME_MAX_LENGTH} value={name} onChange={(e) => setName(e.target.value)} autoFocus required />
      </p>
      <p>
        <label htmlFor="profile-email">Email</label>
        <br />
        <input id="profile-email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </p>
      <p>
        <label htmlFor="profile-zone">Time zone</label>
        <br />
        <select id="profile-zone" name="timeZone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} aria-describedby="profile-zone-hint">
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <br />
        <span id="profile-zone-hint" className="muted">
          Session times are shown in this zone.
        </span>
      </p>
      <div role="alert" id="profile-error">
        {error}
      </div>
      <div className="actions">
        <button className="button" type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Continue'}
        </button>
      </div>
    </form>
  )
}
