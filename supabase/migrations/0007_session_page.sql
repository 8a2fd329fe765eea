-- What the session page records: when each side joined (as the video provider reported it),
-- and each side's rating of the session. Kept on the session and projected to the record.
alter table sessions add column if not exists host_joined_at timestamptz;
alter table sessions add column if not exists member_joined_at timestamptz;
alter table sessions add column if not exists host_rating smallint check (host_rating between 1 and 5);
alter table sessions add column if not exists host_comment text;
alter table sessions add column if not exists member_rating smallint check (member_rating between 1 and 5);
alter table sessions add column if not exists member_comment text;

alter table presence_operations add column if not exists host_rating smallint;
alter table presence_operations add column if not exists host_comment text;
alter table presence_operations add column if not exists member_rating smallint;
alter table presence_operations add column if not exists member_comment text;
