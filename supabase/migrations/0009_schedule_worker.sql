-- Deployed, the worker is the `worker` edge function. Postgres wakes it when work is queued (a
-- delivery recorded, a job queued or re-armed) through pg_net, at most once a second, and pg_cron
-- calls it every minute for retries that have come due. The function answers at once and drains
-- in EdgeRuntime.waitUntil. Where the extensions do not exist (PGlite, plain Postgres) this does
-- nothing: the local stack runs the worker as its own process instead.
do $migration$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron')
     and exists (select 1 from pg_available_extensions where name = 'pg_net') then
    perform cron.unschedule('presence-webhook-retry')
      where exists (select 1 from cron.job where jobname = 'presence-webhook-retry');
    perform cron.schedule('presence-worker', '* * * * *', $job$ select presence_call_function('worker', '{}') $job$);

    -- One row: when the worker was last woken, so a burst of inserts costs one call a second.
    create table if not exists worker_wakeups (id boolean primary key default true check (id), woken_at timestamptz not null);
    insert into worker_wakeups (woken_at) values ('epoch') on conflict do nothing;

    create or replace function presence_wake_worker() returns trigger
    language plpgsql as $fn$
    begin
      update worker_wakeups set woken_at = now() where woken_at < now() - interval '1 second';
      if found then
        perform presence_call_function('worker', '{}');
      end if;
      return null;
    end
    $fn$;

    drop trigger if exists presence_wake_on_delivery on webhook_deliveries;
    create trigger presence_wake_on_delivery after insert on webhook_deliveries
      for each statement execute function presence_wake_worker();
    drop trigger if exists presence_wake_on_job on outbox_jobs;
    create trigger presence_wake_on_job after insert or update of next_attempt_at on outbox_jobs
      for each statement execute function presence_wake_worker();
  end if;
end
$migration$;
