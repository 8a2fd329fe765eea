-- `record.sync` now also removes a record that nothing is kept under any more (a session merged
-- into another, or booked onto a paid session), so one job key per record serialises every write
-- to it. The separate `record.remove` jobs ran beside the sync of the same id and could lose to
-- it; unfinished ones become syncs of that id, which remove the record the same way.
insert into outbox_jobs (kind, idempotency_key, payload, status)
select 'record.sync', 'record.sync:' || (payload ->> 'sessionId'), payload, 'pending'
from outbox_jobs where kind = 'record.remove' and status <> 'done'
on conflict (idempotency_key) do update set
  generation = outbox_jobs.generation + 1, attempts = 0, next_attempt_at = now(), status = 'pending', updated_at = now();
delete from outbox_jobs where kind = 'record.remove';
