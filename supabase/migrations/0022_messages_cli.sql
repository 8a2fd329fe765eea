-- Operators see messages (`presence messages list|retry|broadcast`) and the record shows them.
--
-- A message about a session carries the session's id in its `sms.send` job's payload
-- (`payload.sessionId`): `messages list --session` and the record's SMS fields find a session's
-- messages by it, so it is indexed for those jobs only.
create index if not exists outbox_jobs_sms_session on outbox_jobs ((payload ->> 'sessionId')) where kind = 'sms.send';
-- `messages list`: the newest messages first, whatever their state.
create index if not exists outbox_jobs_sms_created on outbox_jobs (created_at desc, id desc) where kind = 'sms.send';

-- The Presence Operations record's SMS fields (shared/operations/fields.ts): the session's last
-- message (which, to whom), its state and error code, and when its last reminder went.
alter table presence_operations add column if not exists last_sms text;
alter table presence_operations add column if not exists last_sms_status text;
alter table presence_operations add column if not exists last_sms_error_code text;
alter table presence_operations add column if not exists last_reminder_sent_at timestamptz;
