-- Issue 18: a deadline counted in working days (5个工作日内) that reaches a year the working-day calendar does not know
-- yet is counted with weekends only; the assignment is flagged with that year ("2027 calendar not yet known") until an
-- admin enters the year (PUT /api/calendar/{year}), when it is counted again, the flag cleared and a changed due date
-- announced (DueDateChanged). Null: not flagged.
alter table assignment add column calendar_unknown_year integer;
create index assignment_calendar_unknown_year on assignment (calendar_unknown_year) where calendar_unknown_year is not null;
