-- The deadline watcher no longer claims a row per notice (deadline_notice): it remembers how far it has swept.
-- A sweep at time T announces the notices whose moment (the due date, or the due date minus a lead time) lies in
-- (swept_until, T] and then sets swept_until = T, in one transaction; a change that brings a due date already behind
-- swept_until announces it itself (task-service/README.md, "Deadline watcher"). One row.
create table deadline_watch (
    id           int primary key check (id = 1),
    swept_until  timestamptz not null
);
-- Carry on where the claim log ends (a database without notices starts at the epoch, before any due date).
insert into deadline_watch (id, swept_until)
select 1, coalesce(max(noticed_at), timestamptz '1970-01-01 00:00:00+00') from deadline_notice;

drop table deadline_notice;

