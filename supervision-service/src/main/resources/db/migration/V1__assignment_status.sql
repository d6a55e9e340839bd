-- Read model built only from task events: where each assignment stands.
create table assignment_status (
    assignment_id     uuid primary key,
    task_id           uuid        not null,
    unit_id           uuid        not null,
    task_title        text        not null,
    status            text        not null,    -- OPEN | REPORTED | OVERDUE | WITHDRAWN
    percent_complete  int         not null default 0,
    due_at            timestamptz,
    updated_at        timestamptz not null
);
create index assignment_status_task on assignment_status (task_id);
create index assignment_status_unit on assignment_status (unit_id);
