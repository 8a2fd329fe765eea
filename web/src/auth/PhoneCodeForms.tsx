import { useEffect, useState, type FormEvent } from 'react'
import { parsePhone } from '../../../shared/auth/phone.ts'
import { OTP_RULES } from '../../../shared/auth/otpRules.ts'
import { resendWaitSeconds, sendCodeMessage, verifyCodeMessage } from './authMessages.ts'
import { sendCode, verifyCode } from './signInSteps.ts'

/** A code is on its way to `phone`; `sentAt` is when Supabase sent it (ms), for the expiry and resend clocks. */
export interface CodeSent {
  phone: string
  sentAt: number
}

/** Asks for the number and texts a code to it. */
export function PhoneForm({ initial, onSent }: { initial: string; onSent: (sent: CodeSent, notice: string | null) => void }) {
  const [typed, setTyped] = useState(initial)
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const parsed = parsePhone(typed)
    if (!parsed.ok) return setError(parsed.message)
    setError(null)
    setSending(true)
    const result = await sendCode(parsed.phone)
    setSending(false)
    if (result.ok) return onSent({ phone: parsed.phone, sentAt: Date.now() }, null)
    // A code sent moments ago (another tab, a double tap) is still good: go on to enter it.
    if (result.error.code === 'over_sms_send_rate_limit') {
      const sentAt = Date.now() - (OTP_RULES.resendSeconds - resendWaitSeconds(result.error)) * 1000
      return onSent({ phone: parsed.phone, sentAt }, sendCodeMessage(result.error))
    }
    setError(sendCodeMessage(result.error))
  }

  return (
    <form onSubmit={submit} noValidate>
      <h1 id="sign-in-heading">Sign in</h1>
      <p className="lede">Members and hosts sign in with their mobile number: we text you a {OTP_RULES.length}-digit code.</p>
      <p>
        <label htmlFor="sign-in-phone">Mobile number</label>
        <br />
        <input
          id="sign-in-phone"
          name="phone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby="sign-in-phone-hint sign-in-phone-error"
          autoFocus
          required
        />
        <br />
        <span id="sign-in-phone-hint" className="muted">
          For example 0412 345 678, or +61 412 345 678 with the country code.
        </span>
      </p>
      <div role="alert" id="sign-in-phone-error">
        {error}
      </div>
      <div className="actions">
        <button className="button" type="submit" disabled={sending}>
          {sending ? 'Sending…' : 'Text me a code'}
        </button>
      </div>
    </form>
  )
}

function useSecondsUntil(at: number): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    if (now >= at) return
    const timer = setTimeout(() => setNow(Date.now()), 1_000)
    return () => clearTimeout(timer)
  }, [now, at])
  return Math.max(0, Math.ceil((at - now) / 1000))
}

/** Takes the texted code; offers a new one once Supabase allows it. */
export function CodeForm({ sent, notice, onResent, onChangeNumber }: { sent: CodeSent; notice: string | null; onResent: (sent: CodeSent, notice: string | null) => void; onChangeNumber: () => void }) {
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<string | null>(notice)
  const resendIn = useSecondsUntil(sent.sentAt + OTP_RULES.resendSeconds * 1000)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const token = code.replace(/\s/g, '')
    if (!new RegExp(`^[0-9]{${OTP_RULES.length}}$`).test(token)) return setError(`Enter the ${OTP_RULES.length}-digit code from the text message.`)
    setError(null)
    setBusy(true)
    const result = await verifyCode(sent.phone, token)
    setBusy(false)
    if (!result.ok) {
      setError(verifyCodeMessage(result.error, sent.sentAt, Date.now()))
      setCode('')
    }
  }

  async function resend() {
    setError(null)
    setBusy(true)
    const result = await sendCode(sent.phone)
    setBusy(false)
    if (result.ok) {
      setStatus(`A new code is on its way to ${sent.phone}.`)
      return onResent({ phone: sent.phone, sentAt: Date.now() }, null)
    }
    setError(sendCodeMessage(result.error))
  }

  return (
    <form onSubmit={submit} noValidate>
      <h1 id="sign-in-heading">Enter your code</h1>
      <p className="lede">We texted a {OTP_RULES.length}-digit code to {sent.phone}. It works for {OTP_RULES.expirySeconds / 60} minutes.</p>
      <p role="status">{status}</p>
      <p>
        <label htmlFor="sign-in-code">{OTP_RULES.length}-digit code</label>
        <br />
        <input
          id="sign-in-code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={OTP_RULES.length + 2}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby="sign-in-code-error"
          autoFocus
          required
        />
      </p>
      <div role="alert" id="sign-in-code-error">
        {error}
      </div>
      <div className="actions">
        <button className="button" type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <button className="button secondary" type="button" onClick={resend} disabled={busy || resendIn > 0}>
          {resendIn > 0 ? `Send a new code (in ${resendIn} s)` : 'Send a new code'}
        </button>
        <button className="button secondary" type="button" onClick={onChangeNumber} disabled={busy}>
          Use a different number
        </button>
      </div>
    </form>
  )
}
