-- #18: a miss per due date, not per assignment. An assignment can be overdue on several due dates at once (a
-- milestone missed in September, the final deadline on 31 December): each (assignment, due kind, due date) has its
-- own ladder item, and a recovery closes only the item of its own due date.
alter table overdue_item drop constraint overdue_item_pkey;
alter table overdue_item
    add column id       uuid,
    add column due_kind text not null default 'FINAL';   -- FINAL | MILESTONE | REPORT (DueKind)
update overdue_item set id = gen_random_uuid();
alter table overdue_item alter column id set not null;
alter table overdue_item add primary key (id);
alter table overdue_item add constraint overdue_item_due unique (assignment_id, due_kind, due_at);
alter table overdue_item alter column due_kind drop default;

-- A ladder notice names its item, so closing one item cancels only that item's unsent reminders.
alter table delivery add column overdue_item_id uuid;
update delivery d set overdue_item_id = i.id from overdue_item i
    where d.notice_type = 'OVERDUE' and d.assignment_id = i.assignment_id;   -- one item per assignment until now
create index delivery_overdue_item on delivery (overdue_item_id) where overdue_item_id is not null;

-- Assignments whose ladder ended for good: returned (退回), withdrawn (merged into the survivor's own assignment) or
-- completed. A DeadlineMissed that a sweep read from an older snapshot and that arrives after it opens nothing.
create table ladder_end (
    assignment_id uuid primary key,
    how           text        not null,   -- RETURNED | WITHDRAWN | COMPLETED
    ended_at      timestamptz not null
);
