-- #6: the supervision office's read model, cards, inspections, bulletins and referrals.

-- Where each assignment stands, placed in its plan and section (all from task events).
alter table assignment_status
    add column plan_id          uuid,
    add column section_id       uuid,
    add column task_number      text,
    add column role             text,
    add column assigned_at      timestamptz,
    add column last_reported_at timestamptz,
    add column missed_open      int not null default 0,      -- DeadlineMissed not yet followed by DeadlineRecovered
    add column overdue_since    timestamptz,
    add column recovered_at     timestamptz,                 -- caught up after a miss: the light stays yellow
    add column completed_at     timestamptz,
    add column on_time          boolean;
create index assignment_status_plan on assignment_status (plan_id, section_id);

create table plan_view (
    plan_id         uuid primary key,
    title           text not null,
    document_number text,
    published_at    timestamptz not null
);
create table plan_section (
    section_id uuid primary key,
    plan_id    uuid not null references plan_view (plan_id),
    annex      text,
    label      text,
    title      text not null,
    position   int  not null
);

-- 红黄牌: each card of a unit; a rule's card has a deterministic id, so redelivery and replay never issue it twice.
create table warning (
    warning_id      uuid primary key,
    unit_id         uuid        not null,
    color           text        not null,   -- YELLOW | RED
    reason          text        not null,
    rule            text,                   -- null: by hand
    assignment_id   uuid,
    task_id         uuid,
    rectification_id uuid,
    issued_by       text        not null,
    issued_at       timestamptz not null,
    acknowledged_at timestamptz,
    acknowledged_by text,
    lifted_at       timestamptz,
    lift_reason     text
);
create index warning_unit on warning (unit_id, issued_at);
create index warning_assignment on warning (assignment_id) where lifted_at is null;

-- 督查
create table inspection (
    inspection_id uuid primary key,
    title         text        not null,
    kind          text        not null,   -- REGULAR | UNANNOUNCED
    announced     boolean     not null,
    starts_at     timestamptz not null,
    unit_ids      jsonb      not null,
    task_ids      jsonb      not null,
    section_ids   jsonb      not null,
    checklist     jsonb      not null,
    scheduled_by  text        not null,
    scheduled_at  timestamptz not null
);
create table finding (
    finding_id    uuid primary key,
    inspection_id uuid        not null references inspection (inspection_id),
    unit_id       uuid        not null,
    task_id       uuid,
    text          text        not null,
    evidence      jsonb      not null,
    recorded_at   timestamptz not null,
    response      text,
    responded_at  timestamptz
);
create index finding_unit on finding (unit_id);
create table rectification (
    rectification_id uuid primary key,
    finding_id       uuid        not null references finding (finding_id),
    inspection_id    uuid        not null,
    unit_id          uuid        not null,
    requirement      text        not null,
    due_at           timestamptz not null,
    status           text        not null,  -- ORDERED | REPORTED | CLOSED (reopened goes back to ORDERED)
    report           text,
    reported_at      timestamptz,
    closed_at        timestamptz,
    missed_at        timestamptz,
    ordered_at       timestamptz not null
);
create index rectification_open on rectification (due_at) where status <> 'CLOSED';

-- 通报: a draft the supervisor edits; once published it never changes.
create table bulletin (
    bulletin_id  uuid primary key,
    title        text        not null,
    period_start date        not null,
    period_end   date        not null,
    plan_id      uuid,
    figures      jsonb       not null,
    text         text        not null,
    status       text        not null,  -- DRAFT | PUBLISHED
    drafted_at   timestamptz not null,
    published_at timestamptz
);

-- 追责问责: a referral file per unit; its history only grows.
create table referral (
    referral_id uuid primary key,
    unit_id     uuid        not null,
    state       text        not null,  -- DRAFTED | REFERRED | DECIDED
    basis       text        not null,
    rule        text,
    quarter     text,
    warning_ids jsonb      not null,
    finding_ids jsonb      not null,
    assignment_ids jsonb   not null,
    decision    text,
    created_at  timestamptz not null,
    unique (unit_id, rule, quarter)
);
create table referral_history (
    referral_id uuid        not null references referral (referral_id),
    seq         int         not null,
    state       text        not null,
    note        text,
    actor       text        not null,
    at          timestamptz not null,
    primary key (referral_id, seq)
);
