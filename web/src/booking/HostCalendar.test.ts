import { expect, it } from 'vitest'
import { embedCalLink } from './HostCalendar.tsx'

it("gives <Cal> the link's path however the operator typed the host's Cal.com Link", () => {
  expect(embedCalLink('jane-rivers/session')).toBe('jane-rivers/session')
  expect(embedCalLink(' /jane-rivers/session/ ')).toBe('jane-rivers/session')
  expect(embedCalLink('https://cal.com/jane-rivers/session')).toBe('jane-rivers/session')
  expect(embedCalLink('https://app.cal.com/team/care/intro?duration=30')).toBe('team/care/intro')
})
