-- The office's own work queue (待办, issue 22; package workqueue/): what waits for whom, opened and closed by events.

-- Every assignment as the task events told it: whose it is, in which role, and whether it is still held. It answers
-- "who leads this task now" when a co-unit's report waits for its lead unit's review (复核).
create table work_assignment (
    assignment_id uuid primary key,
    task_id       uuid not null,
    unit_id       uuid not null,
    role          text not null,                -- LEAD | CO_RESPONSIBLE
    title         text,
    task_number   text,
    status        text not null,                -- OPEN | RETURNED | COMPLETED | WITHDRAWN
    assigned_at   timestamptz
);
create index work_assignment_task on work_assignment (task_id, role);

-- One thing waiting for someone. Its id derives from its cause (the report, the request, the message), so a replayed
-- event neither adds a row nor reopens a closed one.
create table work_item (
    id            uuid primary key,
    kind          text not null,                -- EXTENSION_REQUEST | RETURNED | REPORT_REVIEW | RECTIFICATION_REVIEW | PROVINCIAL_TASK | PROVINCE_URGED | PROVINCE_SUPERVISED
    reviewer      text not null,                -- OFFICE, or LEAD: the task's current lead unit (the office when it has none)
    subject       text not null,                -- what closes it: a request, assignment, rectification or provincial task id
    assignment_id uuid,
    task_id       uuid,
    unit_id       uuid,                         -- the unit it is about
    prov_task_id  text,
    title         text,
    task_number   text,
    detail        text,
    link          text not null,                -- the REST path to act on (its service and method: WorkKind)
    since         timestamptz not null,         -- when it began to wait (the event's own time)
    opened_by     uuid not null,                -- the event that opened it
    closed_at     timestamptz,
    closed_by     text                          -- the event type (and why) that closed it
);
create index work_item_open on work_item (since, id) where closed_at is null;
create index work_item_open_subject on work_item (subject) where closed_at is null;
create index work_item_open_assignment on work_item (assignment_id) where closed_at is null;
create index work_item_open_task on work_item (task_id) where closed_at is null;
create index work_item_open_prov_task on work_item (prov_task_id) where closed_at is null;

-- The county's latest answer to a provincial task (签收 or 退回, task events). A provincial task issued arrives on
-- another topic and may be read after the answer; it then opens nothing.
create table work_provincial_answer (
    prov_task_id  text primary key,
    answer        text not null,                -- ACCEPTED | RETURNED
    answered_at   timestamptz not null
);

-- What a rectification order asked, for the item when its report comes.
create table work_rectification (
    rectification_id uuid primary key,
    inspection_id    uuid,
    requirement      text
);
