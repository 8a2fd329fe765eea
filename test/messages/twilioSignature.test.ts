import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { twilioSignature, verifyTwilioSignature } from '../../shared/messages/twilioSignature.ts'

/** Twilio's rule written out with Node's crypto, independently of the code under test. */
function nodeSignature(token: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url)
  return createHmac('sha1', token).update(Buffer.from(data, 'utf8')).digest('base64')
}

const TOKEN = '12345'
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' }

describe('X-Twilio-Signature', () => {
  it('matches the vector computed with Node’s crypto (Twilio’s documented example request)', async () => {
    const expected = nodeSignature(TOKEN, URL_, PARAMS)
    // The value Twilio's security page gives for this request.
    expect(expected).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=')
    expect(await twilioSignature(TOKEN, URL_, new URLSearchParams(PARAMS))).toBe(expected)
  })

  it('sorts by name whatever order the form sent, and signs non-ASCII bodies as UTF-8', async () => {
    const params = { MessageStatus: 'delivered', Body: 'Café ✓', AccountSid: 'AC1', MessageSid: 'SM1' }
    const shuffled = new URLSearchParams([['MessageSid', 'SM1'], ['Body', 'Café ✓'], ['MessageStatus', 'delivered'], ['AccountSid', 'AC1']])
    expect(await twilioSignature('secret-token', 'https://x.test/functions/v1/sms-status', shuffled)).toBe(nodeSignature('secret-token', 'https://x.test/functions/v1/sms-status', params))
  })

  it('refuses a changed parameter, another URL, another token, or garbage', async () => {
    const signature = nodeSignature(TOKEN, URL_, PARAMS)
    expect(await verifyTwilioSignature(TOKEN, URL_, new URLSearchParams(PARAMS), signature)).toBe(true)
    expect(await verifyTwilioSignature(TOKEN, URL_, new URLSearchParams({ ...PARAMS, Digits: '1235' }), signature)).toBe(false)
    expect(await verifyTwilioSignature(TOKEN, 'https://mycompany.com/myapp.php?foo=1', new URLSearchParams(PARAMS), signature)).toBe(false)
    expect(await verifyTwilioSignature('54321', URL_, new URLSearchParams(PARAMS), signature)).toBe(false)
    expect(await verifyTwilioSignature(TOKEN, URL_, new URLSearchParams(PARAMS), '')).toBe(false)
  })
})
