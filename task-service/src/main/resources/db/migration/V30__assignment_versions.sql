-- Concurrency control on assignments, extension requests and milestones (issue 18): a version per row, checked and
-- raised by every write through Hibernate (@Version), so a command that read an older row cannot overwrite the
-- change another command committed meanwhile. Every lifecycle command also raises its assignment's version, and
-- the events of a transition take their ids from (assignment, transition, version): see assignment/Lifecycle.
alter table assignment        add column version bigint not null default 0;
alter table extension_request add column version bigint not null default 0;
alter table milestone         add column version bigint not null default 0;
