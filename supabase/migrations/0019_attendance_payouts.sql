-- Attendance from the video provider, each session's outcome, and host payouts (README,
-- "Attendance and payouts").
--
-- One row per participant visit: Daily's participant `session_id` (a join and its leave share
-- it, whichever arrives first), or `local:<room>:<user id>` for the local rooms. Replays update
-- the same row, so nothing is counted twice.
create table if not exists attendance_participants (
  participant_id text primary key,
  session_id uuid not null references sessions (id) on delete cascade,
  role text not null check (role in ('host', 'member')),
  joined_at timestamptz,
  left_at timestamptz,
  source text not null check (source in ('webhook', 'meetings', 'local')),
  updated_at timestamptz not null default now()
);
create index if not exists attendance_participants_session on attendance_participants (session_id);

-- The meeting as Daily reported it, minutes per side, and the outcome: decided once
-- (attendance_decided_at), then final whatever arrives later.
alter table sessions add column if not exists meeting_started_at timestamptz;
alter table sessions add column if not exists meeting_ended_at timestamptz;
alter table sessions add column if not exists host_minutes integer check (host_minutes >= 0);
alter table sessions add column if not exists member_minutes integer check (member_minutes >= 0);
alter table sessions add column if not exists attendance text
  check (attendance in ('attended', 'member_no_show', 'host_no_show', 'both_absent'));
alter table sessions add column if not exists attendance_decided_at timestamptz;
create index if not exists sessions_attendance_undecided on sessions (end_time) where attendance is null;

-- The local rooms' own presence: who opened a room with a valid token, first and last time.
create table if not exists local_room_presence (
  room_name text not null,
  user_id text not null,
  owner boolean not null,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  primary key (room_name, user_id)
);

-- One payout line per completed session the host attended: that paid session's host share.
create table if not exists payout_lines (
  id bigint generated always as identity primary key,
  -- No foreign key to sessions: a line is money owed, kept whatever happens to the booking row.
  session_id uuid not null unique,
  paid_session_id uuid not null unique references paid_sessions (id),
  host_id text not null,
  amount_cents integer not null check (amount_cents >= 0),
  currency text not null default 'AUD' check (currency = 'AUD'),
  status text not null default 'due' check (status in ('due', 'paid')),
  created_at timestamptz not null default now(),
  paid_at timestamptz,
  check ((status = 'paid') = (paid_at is not null))
);
create index if not exists payout_lines_host on payout_lines (host_id, status);

-- The record's Attendance, Host Minutes and Member Minutes (shared/operations/fields.ts).
alter table presence_operations add column if not exists attendance text;
alter table presence_operations add column if not exists host_minutes integer;
alter table presence_operations add column if not exists member_minutes integer;
