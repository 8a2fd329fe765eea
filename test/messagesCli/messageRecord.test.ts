import { describe, expect, it } from 'vitest'
import { messageRecordFields, NO_MESSAGES, smsRecordStatus, type MessageFacts } from '../../shared/messages/messageRecord.ts'

const at = (minute: number) => new Date(Date.UTC(2027, 3, 3, 10, minute))
const message = (overrides: Partial<MessageFacts>): MessageFacts => ({
  message: 'pre-session-reminder', recipientRole: 'member', state: 'sent', deliveryStatus: null, errorCode: null, deliveryErrorCode: null, createdAt: at(0), sentAt: at(0), ...overrides,
})

describe('the record’s SMS fields', () => {
  it('are empty without messages', () => {
    expect(messageRecordFields([])).toEqual(NO_MESSAGES)
  })

  it('describe the newest message, whatever order they come in, with its own error code', () => {
    const fields = messageRecordFields([
      message({ createdAt: at(5), message: 'booking-cancelled', recipientRole: 'host', state: 'sent', deliveryStatus: 'undelivered', deliveryErrorCode: '30003', errorCode: '20429' }),
      message({ createdAt: at(1) }),
    ])
    expect(fields).toMatchObject({ lastSms: 'Cancellation Notice to host', lastSmsStatus: 'Undelivered', lastSmsErrorCode: '30003' })
  })

  it('take the last reminder that went out, not one queued, skipped or failed later', () => {
    const fields = messageRecordFields([
      message({ createdAt: at(0), sentAt: at(1), recipientRole: 'member' }),
      message({ createdAt: at(2), sentAt: at(3), recipientRole: 'host', state: 'logged' }),
      message({ createdAt: at(4), sentAt: null, state: 'queued' }),
      message({ createdAt: at(6), sentAt: null, state: 'failed', errorCode: '21211' }),
      message({ createdAt: at(7), sentAt: at(8), message: 'booking-confirmation' }),
    ])
    expect(fields.lastReminderSentAt).toBe(at(3).toISOString())
    expect(fields.lastSms).toBe('Booking Confirmation to member')
  })

  it.each([
    ['queued', null, 'Queued'],
    ['sending', null, 'Sending'],
    ['sent', null, 'Sent'],
    ['sent', 'queued', 'Sent'],
    ['sent', 'delivered', 'Delivered'],
    ['sent', 'read', 'Delivered'],
    ['sent', 'undelivered', 'Undelivered'],
    ['sent', 'failed', 'Failed'],
    ['sent', 'canceled', 'Failed'],
    ['logged', null, 'Logged'],
    ['skipped', null, 'Skipped'],
    ['failed', null, 'Failed'],
  ] as const)('a %s message with delivery %s reads %s', (state, deliveryStatus, expected) => {
    expect(smsRecordStatus({ state, deliveryStatus })).toBe(expected)
  })
})
