-- The local stand-in for Daily rooms, used when no DAILY_API_KEY is set. A deleted room keeps
-- its row (deleted_at) so the local room page can say it was deleted; ensuring it again revives it.
create table if not exists local_rooms (
  name text primary key check (name ~ '^[A-Za-z0-9_-]{1,128}$'),
  nbf timestamptz not null,
  exp timestamptz not null,
  privacy text not null default 'private' check (privacy in ('public', 'private')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
