-- Dashboards list a person's sessions by the member or host the fold resolved into the state
-- (the fold stays the only writer of state, so no copy of either id is kept in a column), in
-- start order, paged on (start_time, id).
create index if not exists sessions_member_start on sessions ((state ->> 'memberId'), start_time, id);
create index if not exists sessions_host_start on sessions ((state ->> 'hostId'), start_time, id);
-- Paid sessions of a member: paid_sessions_member (0011) already serves (member_id, credit_status).
