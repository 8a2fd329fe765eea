import { DELIVERY_STATUSES, PROVIDERS } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { JOB_STATUSES } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { MESSAGE_STATES } from '../../shared/messages/messageRecord.ts'
import { BROADCAST_AUDIENCES, BROADCASTS } from '../../supabase/functions/_shared/messages/broadcast/broadcasts.ts'
import { WEBHOOK_PROVIDERS } from './webhookSignatures.ts'

// The choices come from the same lists the commands validate against, so the text cannot drift.
export const USAGE = `Presence operator CLI

Usage: npm run presence -- <command> [options]

Commands
  replay <file.json> [--url URL] [--provider ${WEBHOOK_PROVIDERS.join('|')}]
      POST a saved webhook payload exactly as written, signed as the provider signs it
      (Cal.com with CALCOM_WEBHOOK_SECRET to calcom-webhook-handler; Stripe with
      STRIPE_WEBHOOK_SECRET, a fresh Stripe-Signature timestamp, to stripe-payment-confirm;
      Daily with DAILY_WEBHOOK_SECRET and a fresh X-Webhook-Timestamp to daily-webhook)
      under FUNCTIONS_URL (the local stack unless set).
        --url URL          send it here instead
        --provider NAME    whose signature to add: ${WEBHOOK_PROVIDERS.join(', ')}

  events list [--status ${DELIVERY_STATUSES.join('|')}] [--provider ${PROVIDERS.join('|')}]
              [--limit N] [--json]
      The newest webhook deliveries in the inbox (50 unless --limit).
        --status STATUS    only deliveries with this status
        --provider NAME    only deliveries from this provider
        --limit N          how many to show
        --json             a JSON array instead of a table

  events show <id> [--provider NAME]
      One delivery: its inbox fields, the session it belongs to with that session's room and
      record jobs, and the raw body. --provider refuses a delivery from another provider.

  events retry <id> | --failed [--provider NAME]
      Process deliveries again now, each through its own provider's processor, then run the
      room and record jobs they queue and say how each delivery and its jobs ended.
        --failed           retry every failed delivery, oldest first
        --provider NAME    only that provider's (with an id: refuse another provider's)

  jobs list [--failed] [--status ${JOB_STATUSES.join('|')}] [--limit N] [--json]
      The outbox's most recently changed jobs (room and record syncs, …), 50 unless --limit.
        --failed           only failed jobs (the same as --status failed)
        --status STATUS    only jobs with this status
        --limit N          how many to show
        --json             a JSON array instead of a table

  jobs retry <id> | --failed
      A failed job waits for an operator: this gives it a fresh set of attempts, runs it now
      and says how it ended (done, waiting to retry, or failed with its error).
        --failed           retry every failed job

  messages list [--status ${MESSAGE_STATES.join('|')}] [--session ID]
                [--limit N] [--json]
      The newest SMS (50 unless --limit): id, template, recipient (member or host) and masked
      number, state, Twilio's delivery state, error code, when queued and sent, and why one
      waits or failed.
        --status STATE     only messages in this state
        --session ID       only those about this session (the record's Session ID, or a booking's)
        --limit N          how many to show
        --json             a JSON array instead of a table

  messages retry <id> | --failed [--force]
      Send failed messages again now and say how each ended. A message that was sent is never
      sent again; one whose answer was lost asks Twilio first. A number that replied STOP is
      not retried (it replies START).
        --failed           every failed message
        --force            also those Twilio refused for good (21211 and the like), once the
                           phone is fixed

  messages broadcast --template ${Object.keys(BROADCASTS).map((name) => `"${name}"`).join('|')} [--to ${BROADCAST_AUDIENCES.join('|')}]
                     [--id ID] [--dry-run] [--yes]
      Fill the template for every recipient, show how many get it, who does not and why, and
      one filled sample; ask, then queue one message each. Each goes between 08:00 and 21:00
      in its recipient's zone. The same broadcast id never sends anyone a second one.
        --to WHO           members (the default), active hosts, or all
        --id ID            names this broadcast (today's date, UTC, unless set)
        --dry-run          show it and queue nothing
        --yes              do not ask

  links <bookingId>
      The host's and the member's signed links to the session page (an old booking id from
      before a reschedule finds the session too).

  refunds create <purchase> [--unused-only]
      Refund a paid purchase through Stripe (or the local checkout stand-in) and mark the
      credits it pays back as refunded; a booked one is flagged for an operator. Running it
      again refunds nothing twice.
        --unused-only      only the credits not booked or used yet (their share of the price);
                           without it, whatever of the payment is not refunded yet

  purchases list [--member ID] [--limit N] [--json]
      Payments, newest first: member, host, plan, status, amount in AUD, credits used and
      left, and refunds.
        --member ID        only this member's purchases
        --limit N          how many to show (50 unless set)
        --json             a JSON array (amounts in cents) instead of a table

  payouts list [--due] [--host ID] [--json]
      Host payout lines, one per completed session the host attended (that session's host
      share, AUD), oldest first, with each host's total due.
        --due              only lines not paid yet
        --host ID          only this host's (the Hosts record id)
        --json             a JSON array (amounts in cents) instead of a table

  payouts export --csv <file> [--due] [--host ID]
      Write the lines (filtered as list does) to a CSV file: amounts in cents and in AUD, times in UTC.

  payouts mark-paid <id…>
      Mark lines paid (all or none: an unknown id changes nothing). A line already paid keeps
      its first paid time, so running it again is harmless.

  auth codes [--phone NUMBER] [--limit N] [--json]
      The newest sign-in codes the local Auth stand-in sent (it prints each one as it sends it),
      with when each expires and whether it is still good. Only without SUPABASE_URL: Supabase
      Auth sends real codes by SMS and keeps them to itself.
        --phone NUMBER     only this number's codes (+61412345678, or 0412 345 678)
        --limit N          how many to show (10 unless set)
        --json             a JSON array instead of a table

  airtable check
      Check the Airtable base has every table and field Presence uses
      (needs AIRTABLE_API_KEY and AIRTABLE_BASE_ID).

  help
      Show this text.

The events, jobs, messages, links, refunds, purchases, payouts and auth commands use DATABASE_URL, or the local stack's Postgres on
DB_PORT (54322). Settings are read from the environment and from .env in the repository root.
Exit status: 0 success, 1 failure, 2 wrong usage or configuration.`
