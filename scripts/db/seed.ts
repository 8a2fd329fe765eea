import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'

/** Demo hosts, a demo member and the message templates, so a fresh stack has a whole flow. */
export const DEMO_HOSTS = [
  {
    name: 'Jane Rivers',
    email: 'jane@presence.example',
    phone: '+61400000001',
    bio: 'Calm, practical conversations about work and change.',
    personality_tags: ['Calm', 'Practical'],
    cal_link: 'jane-rivers/session',
    time_zone: 'Australia/Sydney',
  },
  {
    name: 'Omar Haddad',
    email: 'omar@presence.example',
    phone: '+61400000002',
    bio: 'Warm and curious; good company for a hard week.',
    personality_tags: ['Warm', 'Curious'],
    cal_link: 'omar-haddad/session',
    time_zone: 'Australia/Melbourne',
  },
  {
    name: 'Mei Lin',
    email: 'mei@presence.example',
    phone: '+61400000003',
    bio: 'Direct, upbeat, and fond of a plan.',
    personality_tags: ['Direct', 'Upbeat'],
    cal_link: 'mei-lin/session',
    time_zone: 'Australia/Perth',
  },
]

/**
 * The demo hosts' weekly hours in the local Cal.com stand-in, in each host's Time Zone (on Cal.com
 * a host sets these in their own availability). A host without a row keeps Mon-Fri 09:00-17:00.
 */
export const DEMO_SCHEDULES: Record<string, Record<string, [string, string][]>> = {
  'jane-rivers/session': Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => [day, [['09:00', '17:00']]])),
  'omar-haddad/session': Object.fromEntries(['tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((day) => [day, [['10:00', '18:00']]])),
  'mei-lin/session': Object.fromEntries(['monday', 'wednesday', 'friday'].map((day) => [day, [['08:00', '12:00'], ['13:00', '16:00']]])),
}

export const DEMO_MEMBER = { name: 'Max Member', email: 'max@presence.example', phone: '+61400000009', time_zone: 'Australia/Sydney', status: 'Active' }

export const DEFAULT_TEMPLATES: Record<string, string> = {
  // To member and host alike, so it speaks to the recipient about the other party.
  'Pre-Session Reminder': 'Hi {{recipientName}}, your session with {{otherName}} starts at {{startTime}}. Join here: {{joinUrl}}',
  'Post-Session Thank You': 'Thanks for your session with {{hostName}}, {{memberName}}. Book your next one: {{rebookUrl}}',
  'Holiday Message': 'Happy holidays from Presence, {{memberName}}. Your hosts are here when you need them: {{rebookUrl}}',
  'Inactive 48h Reminder': "Hi {{memberName}}, it's been a couple of days. Book a session when you're ready: {{rebookUrl}}",
  // Sent when a paid session is booked, moved or cancelled (shared/messages/catalogue.ts, booking-*).
  'Booking Confirmation': 'Hi {{recipientName}}, your Presence session with {{otherName}} is booked: {{sessionTime}}. Your link: {{joinUrl}}',
  'Reschedule Notice': 'Hi {{recipientName}}, your session with {{otherName}} has moved to {{sessionTime}} (it was {{previousStartTime}}). Your link: {{joinUrl}}',
  'Cancellation Notice': 'Hi {{recipientName}}, {{cancelledBy}} cancelled your session of {{startTime}} ({{cancellationReason}}). Book another: {{rebookUrl}}',
  // Sent when a purchase is paid (shared/messages/catalogue.ts, payment-confirmation).
  'Payment Confirmation': 'Thanks {{memberName}}, your {{planName}} plan with {{hostName}} is paid. Book your session: {{bookUrl}}',
}

/** Adds what is missing; never changes a row an operator has edited. */
export async function seedDemoData(sql: Sql): Promise<{ hosts: number; templates: number; members: number }> {
  let hosts = 0
  for (const host of DEMO_HOSTS) {
    const inserted = await sql`insert into hosts ${sql(host)} on conflict do nothing returning id`
    hosts += inserted.length
  }
  let templates = 0
  for (const [name, body] of Object.entries(DEFAULT_TEMPLATES)) {
    const inserted = await sql`insert into templates (name, body) values (${name}, ${body}) on conflict do nothing returning name`
    templates += inserted.length
  }
  for (const [calLink, hours] of Object.entries(DEMO_SCHEDULES)) {
    await sql`insert into local_calendar_schedules (cal_link, weekly_hours) values (${calLink}, ${sql.json(hours)}) on conflict do nothing`
  }
  const [{ count } = { count: 0 }] = await sql<{ count: number }[]>`select count(*)::int as count from members where email = ${DEMO_MEMBER.email}`
  const members = count === 0 ? (await sql`insert into members ${sql(DEMO_MEMBER)} returning id`).length : 0
  return { hosts, templates, members }
}
