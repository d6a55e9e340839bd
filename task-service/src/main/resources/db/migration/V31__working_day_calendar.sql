-- Working-day calendar (issue 18). deadline/WorkingDays takes the State Council's arrangements from the tyme4j library;
-- an admin's override of a year (PUT /api/calendar/{year}) replaces the library's arrangement for that year: next year's
-- notice the day it is published, or a correction. Every change is kept with who made it, when, why, before and after.
create table calendar_override (
    year         integer primary key check (year between 2000 and 2100),
    days_off     date[]      not null,
    make_up_days date[]      not null,
    reason       text        not null,
    updated_by   text        not null,
    updated_at   timestamptz not null,
    version      bigint      not null
);

create table calendar_override_history (
    id                  bigint generated always as identity primary key,
    year                integer     not null,
    actor               text        not null,
    changed_at          timestamptz not null,
    reason              text        not null,
    -- where the year's arrangement came from before the change: OVERRIDE, LIBRARY or UNKNOWN
    source_before       text        not null,
    days_off_before     date[]      not null,
    make_up_days_before date[]      not null,
    days_off_after      date[]      not null,
    make_up_days_after  date[]      not null
);
create index calendar_override_history_year on calendar_override_history (year, id);
