-- One inbox for every provider's webhooks, one outbox for every outgoing call.
--
-- The inbox is `webhook_deliveries`: each delivery, raw, with its provider, event id and type,
-- signature outcome and dedupe key, recorded before anything acts on it. One processor per
-- provider claims due rows with a lease and returns an outcome; only the inbox writes a
-- delivery's status.
alter table webhook_deliveries add column if not exists event_id text;
alter table webhook_deliveries add column if not exists dedupe_key text;
-- Only deliveries whose signature checked out are recorded; the column says which check it was.
alter table webhook_deliveries add column if not exists signature_status text not null default 'verified';
alter table webhook_deliveries add column if not exists lease_owner text;
alter table webhook_deliveries add column if not exists lease_until timestamptz;
update webhook_deliveries set dedupe_key = body_sha256 where dedupe_key is null;
alter table webhook_deliveries alter column dedupe_key set not null;
alter table webhook_deliveries drop constraint if exists webhook_deliveries_provider_body_sha256_key;
create unique index if not exists webhook_deliveries_dedupe on webhook_deliveries (provider, dedupe_key);
alter table webhook_deliveries drop column if exists applied_version;
drop index if exists webhook_deliveries_pending;
create index if not exists webhook_deliveries_due on webhook_deliveries (next_attempt_at, id) where status = 'pending';

-- The outbox: every outgoing call as a job. `idempotency_key` names the work (one row per key,
-- ever); `generation` is bumped when the same work is asked for again, so a run that finishes
-- after newer state arrived leaves the job pending for one more run instead of marking it done.
create table if not exists outbox_jobs (
  id bigint generated always as identity primary key,
  kind text not null,
  idempotency_key text not null unique,
  payload jsonb not null default '{}',
  -- pending: to run (now or at next_attempt_at); done; failed: out of attempts or a permanent
  -- error, waiting for an operator (`presence jobs retry`).
  status text not null check (status in ('pending', 'done', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  generation integer not null default 1,
  lease_owner text,
  lease_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  done_at timestamptz
);
create index if not exists outbox_jobs_due on outbox_jobs (next_attempt_at, id) where status = 'pending';
create index if not exists outbox_jobs_failed on outbox_jobs (updated_at desc) where status = 'failed';

-- Request slots shared by every process that calls a rate-limited provider (Airtable allows 5
-- requests a second per base, whoever sends them). One atomic UPDATE takes the next slot.
create table if not exists rate_limits (
  key text primary key,
  next_free_at timestamptz not null,
  -- Until when the provider blocks everyone (Airtable: 30 s after a 429); slots taken before a
  -- pause began are void once it has.
  paused_until timestamptz
);

-- Session sync bookkeeping moved to the outbox. A session with changes not yet synced gets its
-- room job now (the kind and key `room.sync:<session id>` of _shared/jobs/sessionJobs.ts), which
-- queues its record, so nothing waiting at the upgrade is forgotten.
insert into outbox_jobs (kind, idempotency_key, payload, status)
select 'room.sync', 'room.sync:' || id::text, jsonb_build_object('sessionId', id::text), 'pending'
from sessions where synced_version < state_version
on conflict (idempotency_key) do nothing;
drop index if exists sessions_unsynced;
alter table sessions drop column if exists synced_version;
alter table sessions drop column if exists lease_owner;
alter table sessions drop column if exists lease_until;
alter table sessions drop column if exists sync_attempts;
alter table sessions drop column if exists sync_error;
alter table sessions drop column if exists next_sync_at;
