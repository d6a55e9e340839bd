-- #18: a miss per due date, not per assignment. Each missed (assignment, due kind, due date) from DeadlineMissed until
-- the DeadlineRecovered of that same due date (or the completion of the work). assignment_status.missed_open counts
-- the open ones; a recovery lifts only the red card of its own due date.
create table missed_due (
    assignment_id uuid        not null,
    due_kind      text        not null,   -- FINAL | MILESTONE | REPORT (DueKind)
    due_at        timestamptz not null,
    due_label     text,
    missed_at     timestamptz not null,
    recovered_at  timestamptz,
    recovered_how text,                   -- REPORTED | COMPLETED | EXTENDED, as task-service announced it
    primary key (assignment_id, due_kind, due_at)
);
create index missed_due_open on missed_due (assignment_id) where recovered_at is null;
