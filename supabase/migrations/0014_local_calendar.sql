-- The local stand-in for Cal.com's booking pages, used when no CALCOM_API_KEY is set: the
-- hosts' weekly hours and the bookings made through it, as Cal.com would hold them. Nothing
-- else reads these tables; the pipeline learns of bookings only from the signed webhooks.
create table if not exists local_calendar_schedules (
  -- A host's `Cal.com Link` path, lower case, e.g. jane-rivers/session.
  cal_link text primary key check (cal_link = lower(cal_link) and cal_link <> ''),
  -- Weekday name -> list of ["HH:MM", "HH:MM"] ranges, in the host's Time Zone.
  weekly_hours jsonb not null
);

create table if not exists local_calendar_bookings (
  uid text primary key,
  -- Cal.com's numeric booking id, sent as `bookingId` (and `rescheduleId` on a reschedule).
  id bigserial not null unique,
  host_id text not null,
  cal_link text not null,
  start_time timestamptz not null,
  end_time timestamptz not null check (end_time > start_time),
  status text not null default 'accepted' check (status in ('accepted', 'cancelled', 'rescheduled')),
  attendee_name text not null,
  attendee_email text not null,
  attendee_phone text,
  attendee_time_zone text,
  metadata jsonb not null default '{}',
  rescheduled_from text references local_calendar_bookings (uid),
  cancellation_reason text,
  cancelled_by text,
  created_at timestamptz not null default now()
);
-- One live booking per host and start: the second of two racing bookings fails here.
create unique index if not exists local_calendar_bookings_slot on local_calendar_bookings (host_id, start_time) where status = 'accepted';

-- Each webhook the stand-in sends, written with the change it reports (so a crash before the
-- POST loses nothing) and then its answer; one not delivered can be sent again, byte for byte,
-- which the inbox counts as a duplicate if it did arrive.
create table if not exists local_calendar_webhooks (
  id bigserial primary key,
  booking_uid text not null references local_calendar_bookings (uid),
  trigger_event text not null,
  body text not null,
  -- Null until a POST has been answered (or has failed).
  sent_at timestamptz,
  response_status integer,
  error text
);
create index if not exists local_calendar_webhooks_booking on local_calendar_webhooks (booking_uid);
