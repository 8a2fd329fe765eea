-- When two sessions turn out to be one booking (events for a rescheduled uid arrived before
-- the reschedule itself), the absorbed session's room is queued here and deleted by the
-- survivor's next sync, so at most one live room remains.
create table if not exists orphan_rooms (
  room_name text primary key,
  session_id uuid not null references sessions (id) on delete cascade,
  created_at timestamptz not null default now()
);
create index if not exists orphan_rooms_session on orphan_rooms (session_id);
