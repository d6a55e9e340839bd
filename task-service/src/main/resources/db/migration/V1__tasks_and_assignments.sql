create table task (
    id          uuid primary key,
    title       text        not null,
    due_at      timestamptz,                 -- null: ongoing (持续推进)
    created_at  timestamptz not null
);

-- A task handed to one unit in one role (交办).
create table assignment (
    id           uuid primary key,
    task_id      uuid        not null references task (id),
    unit_id      uuid        not null,
    role         text        not null,       -- LEAD | CO_RESPONSIBLE
    status       text        not null,       -- ASSIGNED | REPORTED | COMPLETED | WITHDRAWN
    due_at       timestamptz,
    assigned_at  timestamptz not null,
    unique (task_id, unit_id, role)
);
create index assignment_unit on assignment (unit_id);

create table progress_report (
    id                uuid primary key,
    assignment_id     uuid        not null references assignment (id),
    percent_complete  int         not null check (percent_complete between 0 and 100),
    narrative         text        not null,
    reported_at       timestamptz not null
);
