-- Deployed, pg_cron + pg_net call the `scheduler` function every minute: rooms 15 minutes before
-- the start, the pre-session reminder an hour before, the 48-hour nudge (see README, "Scheduler
-- and reminders"). Its tick includes the room sweep, so the separate room sweep of 0004 stops.
-- A minute is the finest pg_cron schedules; a missed minute (or hour) is caught up by the next
-- tick. Where the extensions do not exist (PGlite, plain Postgres) this does nothing: the local
-- stack calls the same function on a timer instead.
do $migration$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron')
     and exists (select 1 from pg_available_extensions where name = 'pg_net') then
    perform cron.unschedule('presence-room-sweep')
      where exists (select 1 from cron.job where jobname = 'presence-room-sweep');
    perform cron.schedule('presence-scheduler', '* * * * *', $job$ select presence_call_function('scheduler', '{}') $job$);
  end if;
end
$migration$;

-- The 48-hour check looks for completed sessions by when they ended.
create index if not exists sessions_completed_end on sessions (end_time) where booking_status = 'Completed';
