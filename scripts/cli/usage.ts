export const USAGE = `Presence operator CLI

Usage: npm run presence -- <command> [options]

Commands
  replay <file.json> [--url URL] [--provider calcom|stripe|daily]
      POST a saved webhook payload exactly as written, signed as the provider signs it.
      calcom (default) goes to calcom-webhook-handler, stripe to stripe-payment-confirm,
      daily to daily-webhook, under FUNCTIONS_URL (the local stack unless set).
        --url URL          send it here instead
        --provider NAME    whose signature to add: calcom, stripe or daily

  events list [--status pending|processed|ignored|failed] [--limit N] [--json]
      The newest webhook deliveries in the ledger (50 unless --limit).
        --status STATUS    only deliveries with this status
        --limit N          how many to show
        --json             a JSON array instead of a table

  events show <id>
      One delivery: its ledger fields, the session it belongs to, and the raw body.

  events retry <id> | --failed
      Run deliveries again through the webhook's own pipeline.
        --failed           retry every failed Cal.com delivery, oldest first

  links <bookingId>
      The host's and the member's signed links to the session page (an old uid from
      before a reschedule finds the session too).

  airtable check
      Check the Airtable base has every table and field Presence uses
      (needs AIRTABLE_API_KEY and AIRTABLE_BASE_ID).

  help
      Show this text.

The events commands use DATABASE_URL, or the local stack's Postgres on DB_PORT (54322).
Settings are read from the environment and from .env in the repository root.
Exit status: 0 success, 1 failure, 2 wrong usage or configuration.`
