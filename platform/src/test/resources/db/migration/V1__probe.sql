-- The platform tests' own consumer writes one row per effect, with no unique guard: a duplicate would show as a count.
create table probe_effect (
    event_id   uuid        not null,
    consumer   text        not null,
    applied_at timestamptz not null default now()
);
