/**
 * Replies that opt a number out of SMS, and back in: Twilio's own opt-out keywords, which Twilio
 * also acts on itself (it refuses further messages with 21610 until START).
 */
export const OPT_OUT_WORDS = ['STOP', 'UNSUBSCRIBE', 'END', 'QUIT', 'STOPALL', 'REVOKE', 'OPTOUT', 'CANCEL'] as const
export const OPT_IN_WORDS = ['START', 'UNSTOP', 'YES'] as const

/** What a reply asks for: the whole message, trimmed, in any case, is the keyword (Twilio's rule). */
export function optOutIntent(body: string): 'opt-out' | 'opt-in' | null {
  const word = body.trim().toUpperCase()
  if ((OPT_OUT_WORDS as readonly string[]).includes(word)) return 'opt-out'
  if ((OPT_IN_WORDS as readonly string[]).includes(word)) return 'opt-in'
  return null
}
