-- Issue 18: what the deadline watcher announced is committed with the events. The one swept-until mark moved only
-- when a whole sweep committed, while each range of the sweep committed its DeadlineMissed on its own; a sweep failing
-- half-way left announced misses behind a mark that said "not announced", and they were never recovered. Now a mark
-- per fixed range of assignment ids (the top six bits of the id: 64 ranges, task-service's DeadlineCursor): a sweep
-- writes a range's events and moves that range's mark in one transaction. Row id = range number 1..64; every range
-- starts where the one mark was.
alter table deadline_watch drop constraint deadline_watch_id_check;
alter table deadline_watch add constraint deadline_watch_range check (id between 1 and 64);
insert into deadline_watch (id, swept_until)
select r, (select swept_until from deadline_watch where id = 1) from generate_series(2, 64) r;
