-- The Postgres adapter of the Presence Operations store and directory: the embedded default,
-- and the self-hosted option. Column names follow the Airtable fields they stand for.
create table if not exists presence_operations (
  booking_id text primary key,
  previous_booking_ids text[] not null default '{}',
  booking_status text not null check (booking_status in ('Pending', 'Created', 'Cancelled', 'Completed')),
  room_status text not null check (room_status in ('Not Created', 'Active', 'Ended')),
  room_url text,
  room_name text,
  session_start timestamptz not null,
  session_end timestamptz not null,
  title text,
  host_name text,
  host_email text,
  host_id text,
  member_name text,
  member_email text,
  member_phone text,
  member_id text,
  cal_url text,
  cancellation_reason text,
  reschedule_requested boolean not null default false,
  host_joined boolean not null default false,
  member_joined boolean not null default false,
  updated_at timestamptz not null default now()
);
create index if not exists presence_operations_start on presence_operations (session_start);
create index if not exists presence_operations_previous on presence_operations using gin (previous_booking_ids);

create table if not exists hosts (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  email text not null,
  phone text,
  bio text,
  personality_tags text[] not null default '{}',
  status text not null default 'Active' check (status in ('Active', 'Inactive')),
  cal_link text,
  time_zone text
);
create unique index if not exists hosts_email on hosts (lower(email));

create table if not exists members (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  email text,
  phone text,
  time_zone text,
  status text
);

create table if not exists templates (
  name text primary key,
  body text not null
);
