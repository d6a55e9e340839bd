-- Organisational units (单位). Issue: unit-service registry; hierarchy, groups and contacts follow.
create table unit (
    id          uuid primary key,
    name        text        not null unique,   -- canonical name, e.g. 县政务服务中心
    kind        text        not null,
    level       text        not null,
    parent_id   uuid references unit (id),
    status      text        not null default 'ACTIVE',
    created_at  timestamptz not null
);

create table unit_alias (
    alias    text primary key,                 -- e.g. 县卫健局 for 县卫生健康局
    unit_id  uuid not null references unit (id)
);
create index unit_alias_unit on unit_alias (unit_id);
