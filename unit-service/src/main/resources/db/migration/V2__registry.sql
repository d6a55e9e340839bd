-- The organisational registry (issue 4): supervisor, status history, contacts, names and aliases under one
-- folded key, unit groups, the registry revision the resolver's in-memory index follows, and seed loads.

alter table unit add column supervisor_id  uuid references unit (id);   -- escalation target (分管/主管单位)
alter table unit add column merged_into_id uuid references unit (id);   -- set when status = MERGED
alter table unit add column webhook_url    text;
alter table unit add column version        bigint not null default 0;   -- UnitSnapshot.version: +1 per change
alter table unit add column updated_at     timestamptz;
update unit set updated_at = created_at;
create index unit_parent on unit (parent_id);

-- Every name a unit is known by: its canonical name and its aliases. "key" is the folded form (NFKC, lower
-- case, no whitespace or quotes, one kind of bracket and dash; see Names.key): two names that fold alike
-- are the same name, so the primary key is what keeps names unique across all units.
create table unit_name (
    key        text primary key,
    name       text    not null,
    unit_id    uuid    not null references unit (id),
    canonical  boolean not null
);
create index unit_name_unit on unit_name (unit_id);
create unique index unit_name_one_canonical on unit_name (unit_id) where canonical;

-- Rows written before V2 (test data only): an approximation of Names.key in SQL.
insert into unit_name (key, name, unit_id, canonical)
select lower(regexp_replace(normalize(name, NFKC), '[[:space:]"''“”‘’「」『』]', '', 'g')), name, id, true from unit;
insert into unit_name (key, name, unit_id, canonical)
select lower(regexp_replace(normalize(alias, NFKC), '[[:space:]"''“”‘’「」『』]', '', 'g')), alias, unit_id, false
from unit_alias
on conflict (key) do nothing;
drop table unit_alias;

-- Status with history: ACTIVE, MERGED (into merged_into_id), DISSOLVED.
create table unit_status_change (
    id             bigserial primary key,
    unit_id        uuid        not null references unit (id),
    status         text        not null,
    merged_into_id uuid references unit (id),
    reason         text,
    changed_at     timestamptz not null
);
create index unit_status_change_unit on unit_status_change (unit_id, id);
insert into unit_status_change (unit_id, status, reason, changed_at)
select id, status, 'registered', created_at from unit;

-- Named officers (联系人) in the order given.
create table unit_contact (
    unit_id   uuid    not null references unit (id),
    position  integer not null,
    name      text    not null,
    role      text    not null,   -- HEAD (主要负责人) / DUTY_CONTACT (联络员)
    phone     text,
    email     text,
    primary key (unit_id, position)
);

-- Unit groups (县直相关单位, 各乡镇人民政府, …): explicit members and/or a rule (kinds, levels, under a unit).
create table unit_group (
    id          uuid primary key,
    name        text        not null unique,
    level       text,
    description text,
    rule        jsonb,          -- {"kinds": [...], "levels": [...], "underUnitId": "..."}; null = explicit members only
    created_at  timestamptz not null
);
create table unit_group_name (
    key        text primary key,   -- folded like unit_name.key; a key is a unit's or a group's, never both
    name       text    not null,
    group_id   uuid    not null references unit_group (id),
    canonical  boolean not null
);
create index unit_group_name_group on unit_group_name (group_id);
create table unit_group_member (
    group_id  uuid not null references unit_group (id),
    unit_id   uuid not null references unit (id),
    primary key (group_id, unit_id)
);

-- One row; every change to units, names or groups adds one in its own transaction. The name resolver keeps
-- an in-memory index and rebuilds it when this number moves, so every instance sees every committed change.
create table registry_revision (
    id        integer primary key check (id = 1),
    revision  bigint not null
);
insert into registry_revision values (1, 0);

-- Which seed documents were loaded (first start loads them; reloading adds only what is missing).
create table seed_load (
    seed       text primary key,
    checksum   text        not null,
    loaded_at  timestamptz not null,
    created    integer     not null,
    existing   integer     not null
);
