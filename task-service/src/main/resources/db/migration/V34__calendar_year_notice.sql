-- #18: from 1 December the admin and the supervision office are told, once per year, that next year's working-day
-- calendar is not known yet (CalendarYearUnknown). One row per year told: the instance whose insert wins announces, in
-- the same transaction; the other instances, a restart, or the next check find the row and announce nothing.
create table calendar_year_notice (
    year        int primary key,
    checked_on  date        not null,   -- the Beijing day it was noticed
    announced_at timestamptz not null
);
