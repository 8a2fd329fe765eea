-- Every provider delivery, raw, recorded before it is acted on. Cal.com never retries, so a
-- row here is the only copy of a delivery: nothing downstream may lose it.
create table if not exists webhook_deliveries (
  id bigint generated always as identity primary key,
  provider text not null check (provider in ('calcom', 'stripe', 'daily', 'twilio')),
  event_type text,
  body_sha256 text not null,
  raw_body text not null,
  signature text,
  received_at timestamptz not null default now(),
  -- pending: to do (or being retried); processed: done; ignored: a trigger we do not act on;
  -- failed: invalid, or out of attempts (an operator can retry it).
  status text not null check (status in ('pending', 'processed', 'ignored', 'failed')),
  booking_uid text,
  session_id uuid,
  -- The session state version this delivery produced; it is processed once that version is synced.
  applied_version integer,
  attempts integer not null default 0,
  last_error text,
  next_attempt_at timestamptz,
  processed_at timestamptz,
  duplicates integer not null default 0,
  unique (provider, body_sha256)
);

create index if not exists webhook_deliveries_pending on webhook_deliveries (next_attempt_at) where status = 'pending';
create index if not exists webhook_deliveries_session on webhook_deliveries (session_id) where status = 'pending';
create index if not exists webhook_deliveries_status_received on webhook_deliveries (status, received_at desc);
