-- One row per (assignment, due date, kind) ever announced: the unique key makes the watcher's events
-- exactly-once, also when two task-service instances sweep at the same moment.
create table deadline_notice (
    assignment_id  uuid        not null references assignment (id),
    due_at         timestamptz not null,
    kind           text        not null,     -- MISSED | APPROACHING_P7D | APPROACHING_P3D ...
    noticed_at     timestamptz not null,
    primary key (assignment_id, due_at, kind)
);
create index assignment_open_due on assignment (due_at) where status <> 'COMPLETED';
