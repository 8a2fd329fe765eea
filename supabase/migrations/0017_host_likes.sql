-- "Host liked you": after a session the host may mark that they enjoyed meeting the member
-- (`host_liked_at`, the first time kept); the member's dashboard shows it until the member
-- dismisses it (`host_like_dismissed_at`). Taking the like back clears both. The record shows
-- the like as a checkbox.
alter table sessions add column if not exists host_liked_at timestamptz;
alter table sessions add column if not exists host_like_dismissed_at timestamptz;
alter table sessions drop constraint if exists sessions_like_dismissed_needs_like;
alter table sessions add constraint sessions_like_dismissed_needs_like check (host_like_dismissed_at is null or host_liked_at is not null);

-- The member's banner: their likes not dismissed yet, newest first (few rows, so a small index).
create index if not exists sessions_member_likes on sessions ((state ->> 'memberId'), host_liked_at desc)
  where host_liked_at is not null and host_like_dismissed_at is null;

alter table presence_operations add column if not exists host_liked_member boolean not null default false;

-- A dashboard's upcoming list is the person's sessions whose room has not closed yet: found by
-- end time, so it reads only those rows however long the person's history grows (the start-order
-- indexes of 0016 page the past).
create index if not exists sessions_member_end on sessions ((state ->> 'memberId'), end_time);
create index if not exists sessions_host_end on sessions ((state ->> 'hostId'), end_time);
