-- A service's local copy of the unit registry, rebuilt from the compacted topic duban.unit.snapshots.
-- Services that need unit names, successors or contacts add db/unit-replica to quarkus.flyway.locations.
create table unit_replica (
    id              uuid primary key,
    version         bigint      not null,      -- the snapshot's version; older snapshots are ignored
    name            text        not null,
    aliases         jsonb       not null default '[]',
    kind            text,
    level           text,
    parent_id       uuid,
    supervisor_id   uuid,
    status          text        not null,      -- ACTIVE | MERGED | DISSOLVED
    merged_into_id  uuid,
    contacts        jsonb       not null default '[]',
    webhook_url     text,
    updated_at      timestamptz not null
);
