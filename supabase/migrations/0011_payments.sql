-- Payments and the paid sessions (credits) they buy.
--
-- A purchase is one Stripe Checkout: created as 'open' by the checkout function, then moved by
-- Stripe's webhooks. Its paid sessions exist from the moment it is paid (one for Adhoc, three
-- for Weekly), each with its share of the money in integer cents (shared/plans/split.ts).
create table if not exists purchases (
  id uuid primary key default gen_random_uuid(),
  member_id text not null,
  host_id text not null,
  -- Names as the record shows them, kept from when the purchase was made.
  member_name text,
  host_name text,
  plan text not null check (plan in ('adhoc', 'weekly')),
  amount_cents integer not null check (amount_cents >= 0),
  currency text not null default 'aud',
  -- open: Checkout created; awaiting_payment: completed, the payment method still settling;
  -- paid; failed: the delayed payment failed; expired: Checkout expired unpaid.
  payment_status text not null default 'open' check (payment_status in ('open', 'awaiting_payment', 'paid', 'failed', 'expired')),
  checkout_session_id text unique,
  checkout_url text,
  payment_intent_id text,
  refunded_cents integer not null default 0 check (refunded_cents >= 0),
  paid_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists purchases_member on purchases (member_id, created_at desc);
create index if not exists purchases_payment_intent on purchases (payment_intent_id);

-- credit_status: available (bookable; also after a cancellation that returned it), booked (its
-- current booking is upcoming), used (held, completed, or cancelled by the member inside the
-- cutoff), refunded (can no longer be booked).
create table if not exists paid_sessions (
  id uuid primary key default gen_random_uuid(),
  purchase_id uuid not null references purchases (id),
  position smallint not null check (position >= 1),
  member_id text not null,
  host_id text not null,
  plan text not null check (plan in ('adhoc', 'weekly')),
  amount_cents integer not null check (amount_cents >= 0),
  host_share_cents integer not null check (host_share_cents >= 0),
  platform_share_cents integer not null check (platform_share_cents >= 0),
  credit_status text not null default 'available' check (credit_status in ('available', 'booked', 'used', 'refunded')),
  -- The booking it is used for now (the newest, after a returned credit is booked again).
  session_id uuid unique references sessions (id) on delete set null,
  refund_id text,
  refunded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (purchase_id, position),
  check (host_share_cents + platform_share_cents = amount_cents)
);
create index if not exists paid_sessions_member on paid_sessions (member_id, credit_status);

-- Which paid session a booking uses (the embed's `metadata[sessionId]`, checked against the
-- attendee), or why it uses none: `payment_flag` is then the record's Payment Status.
alter table sessions add column if not exists paid_session_id uuid references paid_sessions (id);
alter table sessions add column if not exists payment_flag text;
-- Set once, by the first event that could decide it, so a later event cannot move a booking
-- onto a credit (or off one) behind the member's back.
alter table sessions add column if not exists credit_decided boolean not null default false;

-- Refunds made through `presence refunds create` (or seen in Stripe's webhooks).
create table if not exists refunds (
  id text primary key,
  purchase_id uuid not null references purchases (id),
  amount_cents integer not null check (amount_cents > 0),
  status text not null,
  paid_session_ids uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists refunds_purchase on refunds (purchase_id);
