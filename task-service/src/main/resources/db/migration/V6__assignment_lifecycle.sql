-- Assignment lifecycle (issue 5, parts 4–8): 交办 → 签收 / 退回 → 办理中 → 反馈 → 复核 → 办结销号, with full
-- history, extension requests (延期申请) and richer progress reports; the deadline watcher learns milestones
-- and periodic reports and remembers recoveries.

-- Statuses: ASSIGNED | ACCEPTED | RETURNED | IN_PROGRESS | REPORTED | COMPLETED | WITHDRAWN.
-- A returned assignment stays RETURNED; replaced_by names the assignment the supervision office reassigned it as.
alter table assignment
    add column replaced_by  uuid references assignment (id),
    add column completed_at timestamptz;

-- Open work (Assignment.Status.OPEN) for the watcher's sweep.
drop index assignment_open_due;
create index assignment_open_due on assignment (due_at) where status in ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'REPORTED');
create index assignment_task on assignment (task_id);

-- Every transition, also those without a change of status (a move on a merge, a reassignment).
create table assignment_history (
    id            bigserial primary key,
    assignment_id uuid        not null references assignment (id),
    from_status   text,                          -- null: created
    to_status     text        not null,
    actor         text        not null,          -- token subject (and unit), or "system"
    reason        text,
    happened_at   timestamptz not null
);
create index assignment_history_assignment on assignment_history (assignment_id, id);

insert into assignment_history (assignment_id, from_status, to_status, actor, reason, happened_at)
select id, null, status, 'system', '迁移前已存在', assigned_at from assignment;

-- 延期申请: every request is kept; at most duban.assignment.max-extensions per assignment.
create table extension_request (
    id                uuid primary key,
    assignment_id     uuid        not null references assignment (id),
    status            text        not null,      -- PENDING | APPROVED | REJECTED
    reason            text        not null,
    current_due_at    timestamptz not null,
    requested_due_at  timestamptz not null,
    requested_by      text        not null,
    requested_at      timestamptz not null,
    decision_note     text,
    decided_by        text,
    decided_at        timestamptz
);
create index extension_request_assignment on extension_request (assignment_id, requested_at);
create unique index extension_request_one_pending on extension_request (assignment_id) where status = 'PENDING';

-- Progress reports (反馈): the period, evidence, milestone actuals, the lead unit's consolidated report and
-- the lead unit's review (复核) of a co-unit's report.
alter table progress_report
    add column period        text,
    add column consolidated  boolean not null default false,
    add column reported_by   text,
    add column review_status text,                -- null (not reviewed) | APPROVED | SENT_BACK
    add column review_note   text,
    add column reviewed_by   text,
    add column reviewed_at   timestamptz;
create index progress_report_assignment on progress_report (assignment_id, reported_at);

create table report_evidence (
    report_id  uuid not null references progress_report (id),
    position   int  not null,
    reference  text not null,
    primary key (report_id, position)
);

create table milestone_actual (
    report_id        uuid    not null references progress_report (id),
    position         int     not null,
    milestone_id     uuid    not null references milestone (id),
    actual_quantity  numeric not null check (actual_quantity >= 0),
    primary key (report_id, position)
);
create index milestone_actual_milestone on milestone_actual (milestone_id);

-- The watcher's notices name the kind of due date (FINAL / MILESTONE / REPORT) and its label; a MISSED
-- notice is marked recovered (DeadlineRecovered) once.
alter table deadline_notice
    add column due_kind     text not null default 'FINAL',
    add column label        text,
    add column recovered_at timestamptz;
alter table deadline_notice drop constraint deadline_notice_pkey;
alter table deadline_notice add primary key (assignment_id, due_at, due_kind, kind);
create index deadline_notice_unrecovered on deadline_notice (assignment_id) where kind = 'MISSED' and recovered_at is null;
