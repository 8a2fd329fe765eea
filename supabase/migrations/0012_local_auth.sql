-- The local stand-in for Supabase Auth's phone sign-in, used only when SUPABASE_URL is unset:
-- its users, the codes it "sends" (printed to the console), its sessions and refresh tokens;
-- and member_signups, which guards creating a Members record at first sign-in.
-- Deployed, Supabase Auth keeps its own (auth schema) and the local_auth tables stay empty.
--
-- Codes are kept as typed, not hashed: the stand-in's job is to show the developer the code
-- (console and `presence auth codes`), there is no SMS to intercept, and a code lives 5 minutes.
-- Supabase itself stores only a hash.
create table if not exists local_auth_users (
  id uuid primary key default gen_random_uuid(),
  -- As GoTrue stores it: E.164 digits without the leading '+'.
  phone text not null unique check (phone ~ '^[1-9][0-9]{6,14}$'),
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz
);

create table if not exists local_auth_codes (
  id uuid primary key default gen_random_uuid(),
  phone text not null check (phone ~ '^[1-9][0-9]{6,14}$'),
  code text not null check (code ~ '^[0-9]+$'),
  sent_at timestamptz not null default now(),
  expires_at timestamptz not null,
  -- Wrong tries so far; the code is refused once this reaches the cap.
  attempts integer not null default 0,
  used_at timestamptz
);
create index if not exists local_auth_codes_phone on local_auth_codes (phone, sent_at desc);

create table if not exists local_auth_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references local_auth_users (id) on delete cascade,
  created_at timestamptz not null default now()
);

create table if not exists local_auth_refresh_tokens (
  token text primary key,
  session_id uuid not null references local_auth_sessions (id) on delete cascade,
  created_at timestamptz not null default now(),
  -- Set when the token is exchanged: each refresh token is good once, as Supabase rotates them.
  used_at timestamptz
);

-- Not part of the stand-in: used deployed too. A first-time member's Members record is created once
-- per phone: the request that claims the phone creates it, one that finds a live claim waits for
-- its member_id. A claim expires, so a request that crashed mid-way frees the phone.
create table if not exists member_signups (
  phone text primary key check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  claimed_until timestamptz not null,
  member_id text
);

-- On a Supabase database the public schema is served to browsers by its REST API: with RLS on and
-- no policy, only the table owner (the functions and the CLI) can read codes or tokens.
alter table local_auth_users enable row level security;
alter table local_auth_codes enable row level security;
alter table local_auth_sessions enable row level security;
alter table local_auth_refresh_tokens enable row level security;
alter table member_signups enable row level security;
