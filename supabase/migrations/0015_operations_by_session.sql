-- Presence Operations records are keyed by session, not booking: a paid session has its record
-- from the moment it is paid, before any booking exists, and keeps it through reschedules and
-- a returned credit booked again. A booking that uses no paid session is keyed by its own
-- session id. Existing records take the id of the session that holds their booking id.
alter table presence_operations add column if not exists session_id text;
update presence_operations o set session_id = a.session_id::text
from booking_aliases a where a.booking_id = o.booking_id and o.session_id is null;
-- A record left under an old uid of a session that also has one under its current uid (a save
-- that failed between writing the new and removing the old) goes; the current one stays.
delete from presence_operations o using sessions s
where o.session_id = s.id::text and o.booking_id <> s.booking_id
  and exists (select 1 from presence_operations k where k.session_id = o.session_id and k.booking_id = s.booking_id);
-- Any other record that is not the only one of its session, and one whose booking the pipeline
-- no longer knows, keeps a key of its own.
update presence_operations o set session_id = 'booking:' || o.booking_id
where o.session_id is null
  or exists (select 1 from presence_operations k where k.session_id = o.session_id and k.booking_id < o.booking_id);
alter table presence_operations drop constraint if exists presence_operations_pkey;
alter table presence_operations alter column session_id set not null;
alter table presence_operations add primary key (session_id);
alter table presence_operations alter column booking_id drop not null;
create index if not exists presence_operations_booking on presence_operations (booking_id);
alter table presence_operations alter column session_start drop not null;
alter table presence_operations alter column session_end drop not null;
alter table presence_operations alter column booking_status drop not null;

alter table presence_operations add column if not exists payment_status text
  check (payment_status in ('Paid', 'Refunded', 'Refunded After Booking', 'No Paid Session', 'Attendee Not Member', 'Credit Not Available'));
alter table presence_operations add column if not exists credit_status text
  check (credit_status in ('Available', 'Booked', 'Used', 'Refunded'));
alter table presence_operations add column if not exists plan text check (plan in ('Adhoc', 'Weekly'));
alter table presence_operations add column if not exists amount_cents integer;
alter table presence_operations add column if not exists host_share_cents integer;
alter table presence_operations add column if not exists platform_share_cents integer;
alter table presence_operations add column if not exists purchase_id text;
alter table presence_operations add column if not exists stripe_checkout_id text;
alter table presence_operations add column if not exists paid_at timestamptz;
