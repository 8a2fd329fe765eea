-- The local stand-in for Stripe (used when no STRIPE_SECRET_KEY is set): its "Checkout Sessions"
-- and "refunds", so `npm start` takes a payment end to end with no account. Nothing reads these
-- tables when Stripe is configured.
create table if not exists local_checkout_sessions (
  id text primary key,
  -- As Stripe's Idempotency-Key: the same key again answers the session it made.
  idempotency_key text not null unique,
  purchase_id uuid not null,
  amount_cents integer not null check (amount_cents >= 0),
  currency text not null,
  -- What the page shows: "Weekly plan with Jane".
  description text not null,
  metadata jsonb not null,
  client_reference_id text,
  success_url text not null,
  cancel_url text not null,
  -- The payment the "Pay" button makes, named up front so a second press is the same payment.
  payment_intent_id text not null unique,
  status text not null default 'open' check (status in ('open', 'complete')),
  created_at timestamptz not null default now(),
  completed_at timestamptz
);

create table if not exists local_refunds (
  id text primary key,
  idempotency_key text not null unique,
  payment_intent_id text not null,
  amount_cents integer not null check (amount_cents > 0),
  metadata jsonb not null,
  created_at timestamptz not null default now()
);
create index if not exists local_refunds_payment_intent on local_refunds (payment_intent_id);
