-- Notices leave through this table (the outbound side of exactly-once). A consumed event's deliveries are
-- inserted in the same transaction as its processed_event row; the unique key (event, recipient, channel)
-- makes a redelivered event, a second instance or a second ladder run add nothing. Dispatchers send from here.
create table delivery (
    id              uuid primary key,
    event_id        uuid        not null,   -- the Kafka event, or a derived id (ladder step, digest)
    recipient       text        not null,   -- email address, or the unit id for a webhook
    channel         text        not null,   -- EMAIL | WEBHOOK
    unit_id         uuid        not null,   -- whose notice it is (the recipient's unit)
    notice_type     text        not null,
    params          jsonb       not null,   -- the template's data; rendered when sent
    urgent          boolean     not null,
    assignment_id   uuid,                   -- set for notices that stop when the assignment recovers
    status          text        not null,   -- WAITING_DIGEST | PENDING | SENDING | SENT | FAILED | DIGESTED | CANCELLED
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,   -- business time (the injected Clock): quiet hours, backoff, digest time
    claimed_until   timestamptz,            -- wall-clock lease of the dispatcher that took the row
    digest_id       uuid,                   -- the digest delivery that carried this item
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    unique (event_id, recipient, channel)
);
create index delivery_due on delivery (next_attempt_at) where status in ('PENDING', 'SENDING');
create index delivery_digest on delivery (channel, recipient) where status = 'WAITING_DIGEST';
create index delivery_assignment on delivery (assignment_id) where assignment_id is not null;

-- Every attempt: what the delivery log REST shows.
create table delivery_attempt (
    id           bigserial primary key,
    delivery_id  uuid        not null references delivery (id),
    event_id     uuid        not null,
    channel      text        not null,
    recipient    text        not null,
    status       text        not null,   -- SENT | FAILED
    error        text,
    attempted_at timestamptz not null
);
create index delivery_attempt_time on delivery_attempt (attempted_at desc);
create index delivery_attempt_delivery on delivery_attempt (delivery_id);

-- A notice that found nobody to reach outside the inbox: the office's list instead of silence.
create table undeliverable (
    id          uuid primary key,
    event_id    uuid        not null,
    unit_id     uuid        not null,
    notice_type text        not null,
    reason      text        not null,
    created_at  timestamptz not null,
    unique (event_id, unit_id)
);

-- Per unit and channel: IMMEDIATE or DAILY digest. Absent = the configured default.
create table delivery_preference (
    unit_id uuid not null,
    channel text not null,
    mode    text not null,
    primary key (unit_id, channel)
);

-- Open overdue items the escalation ladder (催办) works on: from DeadlineMissed until recovered or completed.
create table overdue_item (
    assignment_id uuid primary key,
    task_id       uuid        not null,
    unit_id       uuid        not null,
    due_at        timestamptz not null,
    due_label     text,
    missed_at     timestamptz not null,
    notified_day  int         not null default -1,  -- the last ladder step (or repeat) announced, in days overdue
    closed_at     timestamptz,
    closed_how    text
);
create index overdue_item_open on overdue_item (missed_at) where closed_at is null;

-- Task titles and numbers as TaskAssigned told them, for notices about later events that carry only ids.
create table assignment_info (
    assignment_id uuid primary key,
    task_id       uuid not null,
    title         text not null,
    task_number   text
);

alter table inbox_entry add column urgent boolean not null default false;
