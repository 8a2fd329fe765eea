-- SMS: one row per message (per `sms.send` outbox job key), and the numbers that opted out.
--
-- A row is written as 'sending' BEFORE Twilio is called, so a retry after a crash or a timeout
-- knows a call may have gone out and asks Twilio before sending again (see the README,
-- "Messages (Twilio)"). status: pending (no call in flight; the last one was refused, e.g. 429),
-- sending (a call was made and its answer not recorded), sent (Twilio accepted it: provider_sid),
-- logged (the local stand-in printed it), skipped (the number opted out), failed (permanent: a
-- bad number, a missing template or placeholder; `error` says which).
create table if not exists sms_messages (
  job_key text primary key,
  message text not null,
  recipient_role text not null check (recipient_role in ('member', 'host')),
  recipient_id text not null,
  to_phone text,
  body text,
  status text not null check (status in ('pending', 'sending', 'sent', 'logged', 'skipped', 'failed')),
  provider_sid text unique,
  -- When the call now in doubt was made: a retry looks for a message Twilio created since.
  sending_since timestamptz,
  error_code text,
  error text,
  -- Twilio's delivery state from the status callbacks (queued, sending, sent, delivered,
  -- undelivered, failed, read); it only moves forward, whatever order the callbacks come in.
  delivery_status text,
  delivery_error_code text,
  delivery_updated_at timestamptz,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists sms_messages_failed on sms_messages (updated_at desc) where status = 'failed';

-- A number that replied STOP (or that Twilio refused with 21610) is not messaged until it
-- replies START. `changed_at` is when the reply arrived, so replies applied out of order keep
-- the latest one.
create table if not exists sms_opt_outs (
  phone text primary key,
  opted_out boolean not null,
  changed_at timestamptz not null,
  reason text not null
);
