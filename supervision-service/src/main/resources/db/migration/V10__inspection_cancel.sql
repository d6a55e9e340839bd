-- Issue 22: an inspection can be cancelled with a reason (CANCELLED takes no findings); who and when, as the history
-- (supervision_history, INSPECTION) also records.
alter table inspection
    add column status        text not null default 'SCHEDULED',   -- SCHEDULED | CANCELLED
    add column cancel_reason text,
    add column cancelled_by  text,
    add column cancelled_at  timestamptz;
