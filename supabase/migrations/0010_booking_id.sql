-- One name for the booking key everywhere: `bookingId` in code and API (the session link's query
-- string already says bookingId), so the stored session state says it too.
update sessions set state = (state - 'uid' - 'previousUids')
  || jsonb_build_object('bookingId', state -> 'uid', 'previousBookingIds', coalesce(state -> 'previousUids', '[]'::jsonb))
where state ? 'uid';

alter table sessions rename column booking_uid to booking_id;
alter table webhook_deliveries rename column booking_uid to booking_id;
alter table booking_aliases rename column uid to booking_id;
