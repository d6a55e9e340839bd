-- Adopting a plan already under way (issue 22): the import's adoption date (生效日期), and the instant from which a due
-- date counts against the unit, copied from the plan to its tasks and from a task to each assignment made of it. The
-- deadline watcher announces no miss (and no reminder) of a due date before counts_from: nothing before adoption is
-- counted against anyone; the office re-dates such work in bulk (POST /api/plans/{id}/due-dates).
alter table plan add column adopted_on date;
alter table task add column counts_from timestamptz;
alter table assignment add column counts_from timestamptz;
