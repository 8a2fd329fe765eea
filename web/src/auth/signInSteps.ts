import type { AuthFailure } from './authMessages.ts'
import { authClient } from './authClient.ts'
import { reloadSignedIn } from './signedInStore.ts'

export type StepResult = { ok: true } | { ok: false; error: AuthFailure }

function failure(error: unknown): AuthFailure {
  if (error && typeof error === 'object' && 'message' in error) return error as AuthFailure
  return { message: String(error) }
}

/** Asks Supabase Auth to text a code to this E.164 number. */
export async function sendCode(phone: string): Promise<StepResult> {
  try {
    const { error } = await (await authClient()).auth.signInWithOtp({ phone })
    return error ? { ok: false, error: failure(error) } : { ok: true }
  } catch (error) {
    return { ok: false, error: { name: 'AuthRetryableFetchError', status: 0, message: failure(error).message } }
  }
}

/** Checks the code; on success the page's sign-in state (session and profile) is loaded before it resolves. */
export async function verifyCode(phone: string, token: string): Promise<StepResult> {
  try {
    const { error } = await (await authClient()).auth.verifyOtp({ phone, token, type: 'sms' })
    if (error) return { ok: false, error: failure(error) }
  } catch (error) {
    return { ok: false, error: { name: 'AuthRetryableFetchError', status: 0, message: failure(error).message } }
  }
  await reloadSignedIn()
  return { ok: true }
}
