import { useEffect, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { CodeForm, PhoneForm, type CodeSent } from '../auth/PhoneCodeForms.tsx'
import { ProfileForm } from '../auth/ProfileForm.tsx'
import { safeNext } from '../auth/safeNext.ts'
import { useSignedIn } from '../auth/useSignedIn.ts'

/**
 * `/sign-in?next=<path>`: phone -> texted code -> (first time) name, email and time zone -> back
 * to `next`. Hosts are matched by phone and skip the profile step.
 */
export default function SignInPage() {
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const navigate = useNavigate()
  const signedIn = useSignedIn()
  const [sent, setSent] = useState<{ code: CodeSent; notice: string | null } | null>(null)

  const profile = signedIn.status === 'signedIn' ? signedIn.profile : null
  const known = profile !== null && (profile.member !== null || profile.host !== null)
  useEffect(() => {
    if (known) navigate(next, { replace: true })
  }, [known, next, navigate])

  let content
  if (signedIn.status === 'loading') {
    content = <p role="status">Loading…</p>
  } else if (signedIn.status === 'signedIn') {
    if (known) content = <p role="status">Signed in. Taking you back…</p>
    else if (profile) content = <ProfileForm phone={profile.phone} onSaved={signedIn.reloadProfile} />
    else
      content = (
        <div className="notice">
          <h1 id="sign-in-heading">Signed in</h1>
          <p role="alert">We could not load your details: {signedIn.profileError}</p>
          <div className="actions">
            <button className="button" type="button" onClick={() => void signedIn.reloadProfile()}>
              Try again
            </button>
            <button className="button secondary" type="button" onClick={() => void signedIn.signOut()}>
              Sign out
            </button>
          </div>
        </div>
      )
  } else if (sent) {
    content = <CodeForm key={sent.code.sentAt} sent={sent.code} notice={sent.notice} onResent={(code, notice) => setSent({ code, notice })} onChangeNumber={() => setSent(null)} />
  } else {
    content = <PhoneForm initial="" onSent={(code, notice) => setSent({ code, notice })} />
  }

  return (
    <section aria-labelledby="sign-in-heading" className="sign-in">
      <title>Sign in · Presence</title>
      {content}
    </section>
  )
}
