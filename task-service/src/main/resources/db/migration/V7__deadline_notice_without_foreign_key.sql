-- deadline_notice is the watcher's claim log: rows are written only by DeadlineWatcher, in the statement that has just
-- read the assignment, and assignments are never deleted. The foreign key checked (and share-locked) the
-- assignment row for every claim, which doubled the cost of a sweep's claims (BENCHMARKS.md, deadline sweep).
alter table deadline_notice drop constraint deadline_notice_assignment_id_fkey;
