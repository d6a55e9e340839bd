-- A unit's in-app inbox: one entry per notice.
create table inbox_entry (
    id          uuid primary key,
    unit_id     uuid        not null,
    event_id    uuid        not null,           -- the event that caused it
    kind        text        not null,           -- ASSIGNED | OVERDUE
    title       text        not null,
    body        text        not null,
    created_at  timestamptz not null,
    read_at     timestamptz,
    unique (event_id, unit_id)
);
create index inbox_entry_unit on inbox_entry (unit_id, created_at desc);
