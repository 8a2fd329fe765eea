-- The pipeline's own view of each session: the state folded from Cal.com events, what the
-- room provider has, and how far the Presence Operations record has caught up.
create table if not exists sessions (
  id uuid primary key default gen_random_uuid(),
  booking_uid text not null unique,
  booking_status text not null,
  start_time timestamptz not null,
  end_time timestamptz not null,
  state jsonb not null,
  -- Bumped whenever the state changes; synced_version says which version operators can see.
  state_version integer not null default 1,
  synced_version integer not null default 0,
  -- Deterministic from the session id, so a retry can never make a second room.
  room_name text not null unique,
  room_status text not null default 'Not Created',
  room_url text,
  room_nbf timestamptz,
  room_exp timestamptz,
  -- One worker at a time per session; the expiry frees it if that worker crashes.
  lease_owner text,
  lease_until timestamptz,
  sync_attempts integer not null default 0,
  sync_error text,
  next_sync_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index if not exists sessions_unsynced on sessions (next_sync_at) where synced_version < state_version;
create index if not exists sessions_start on sessions (start_time);

-- Every uid a session has had, so a link carrying a pre-reschedule uid still finds it.
create table if not exists booking_aliases (
  uid text primary key,
  session_id uuid not null references sessions (id) on delete cascade
);
create index if not exists booking_aliases_session on booking_aliases (session_id);
