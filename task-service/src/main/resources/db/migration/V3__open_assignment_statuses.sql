-- Open work is ASSIGNED or REPORTED; COMPLETED and WITHDRAWN (moved to another unit on a merge) are closed.
drop index assignment_open_due;
create index assignment_open_due on assignment (due_at) where status in ('ASSIGNED', 'REPORTED');
