-- On Supabase, pg_cron + pg_net call the recovery functions every minute: retry deliveries left
-- pending by a crash or a provider outage, and make rooms that are missing for sessions about
-- to start. They read the functions URL and service key from Vault (see README, "Deploy").
-- Where the extensions do not exist (PGlite, plain Postgres) this does nothing; the local
-- stack runs the same sweeps on a timer instead.
do $migration$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron')
     and exists (select 1 from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_cron;
    create extension if not exists pg_net;

    -- One place that knows how to call an internal function with the service key.
    create or replace function presence_call_function(function_name text, payload jsonb) returns bigint
    language sql as $fn$
      select net.http_post(
        url := (select decrypted_secret from vault.decrypted_secrets where name = 'presence_functions_url') || '/' || function_name,
        headers := jsonb_build_object(
          'Content-Type', 'application/json',
          'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'presence_service_role_key')
        ),
        body := payload
      )
    $fn$;

    perform cron.schedule('presence-webhook-retry', '* * * * *', $job$ select presence_call_function('webhook-retry', '{}') $job$);
    perform cron.schedule('presence-room-sweep', '* * * * *', $job$ select presence_call_function('daily-create-room', '{"sweep": true}') $job$);
  end if;
end
$migration$;
