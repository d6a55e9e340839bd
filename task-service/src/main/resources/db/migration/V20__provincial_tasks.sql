-- Provincial tasks (issue #17): a task of a PROVINCE-level plan that the provincial platform issued to the county
-- (下发任务), with the province's own serial number (provTaskId, 办件编号) and the county's handling of it.
-- The task itself stays a row of `task`; the county tasks that implement it point at it with task.upstream_task_id.
create table provincial_task (
    task_id           uuid primary key references task (id),
    prov_task_id      text        not null unique,
    state             text        not null,     -- ISSUED | ACCEPTED | RETURNED | COMPLETED | CLOSED | REOPENED | REVOKED
    due_at            timestamptz,              -- the province's deadline in force (after approved extensions); null: 持续推进
    deadline_text     text,                     -- as printed: 2021年底 / 持续推进
    report_cadence    text,                     -- MONTHLY | QUARTERLY | HALF_YEARLY | YEARLY | NONE; null: the configured default
    lead_department   text,                     -- the provincial lead department(s) as printed
    sender_org        text,
    issue_message_id  text        not null,     -- the province's msgId of the TASK_ISSUE
    issued_at         timestamptz not null,
    on_demand_count   int         not null default 0,  -- progress compiled on the supervisor's request: ON_DEMAND-<n>
    version           bigint      not null default 0   -- optimistic locking: REST commands and province events race
);
create index provincial_task_state on provincial_task (state);

-- Everything that happened to a provincial task, from the province or in the county, with who and when.
create table provincial_task_history (
    id          uuid primary key,
    task_id     uuid        not null references provincial_task (task_id),
    what        text        not null,           -- ISSUED, ACCEPTED, RETURNED, URGED, SUPERVISED, PROGRESS, …
    from_state  text,
    to_state    text,
    actor       text        not null,
    detail      text,
    message_id  text,                           -- the province's msgId, for what came from the province
    at          timestamptz not null
);
create index provincial_task_history_task on provincial_task_history (task_id, at);

-- Each progress feedback compiled for the province (进度反馈): one per provincial task and period.
create table provincial_progress (
    id                uuid primary key,         -- name-based from the task and the period, = the event's progressId
    task_id           uuid        not null references provincial_task (task_id),
    period            text        not null,     -- 2021-09, 2021-Q3, ON_DEMAND-1
    percent_complete  int         not null,
    payload           text        not null,     -- the ProvincialProgressCompiled event as JSON
    compiled_by       text        not null,
    compiled_at       timestamptz not null,
    unique (task_id, period)
);

-- The county's extension requests to the province (延期申请) and the province's decisions (延期批复).
create table provincial_extension_request (
    id                 uuid primary key,
    task_id            uuid        not null references provincial_task (task_id),
    status             text        not null,    -- PENDING | APPROVED | REJECTED
    current_due_at     timestamptz,
    requested_due_at   timestamptz not null,
    reason             text        not null,
    requested_by       text        not null,
    requested_at       timestamptz not null,
    decision_note      text,
    decided_due_at     timestamptz,
    decided_at         timestamptz,
    decision_message_id text
);
create index provincial_extension_task on provincial_extension_request (task_id);

-- Province events that could not apply (a provTaskId the county never received): recorded, then skipped.
create table provincial_message_skipped (
    event_id      uuid primary key,
    message_id    text,
    prov_task_id  text,
    type          text        not null,
    reason        text        not null,
    at            timestamptz not null
);
