-- A plan as issued: a notice (通知) with its annexes (附件), sections (事项) and numbered tasks.
create table plan (
    id                 uuid primary key,
    title              text        not null,
    document_number    text,                     -- 中县政务公开办发〔2021〕8号
    issuer             text,
    issued_on          date,
    level              text        not null,     -- COUNTY | PROVINCE
    upstream_plan_id   uuid references plan (id),-- the plan this one implements, when it is one plan
    reporting_cadence  text        not null default 'P3M',  -- default for ongoing work (持续推进): quarterly
    source_digest      text        not null unique,          -- of the imported document: a second import finds the plan
    imported_at        timestamptz not null
);

create table annex (
    id                 uuid primary key,
    plan_id            uuid        not null references plan (id),
    ordinal            int         not null,
    label              text        not null,     -- 附件1
    title              text,
    upstream_plan_id   uuid references plan (id),-- the provincial plan this annex implements
    unique (plan_id, ordinal)
);

create table section (
    id        uuid primary key,
    plan_id   uuid not null references plan (id),
    annex_id  uuid not null references annex (id),
    ordinal   int  not null,
    label     text not null,                     -- 一
    title     text not null,                     -- 打造“一件事一次办”工作名片
    unique (annex_id, ordinal)
);

alter table task
    add column plan_id           uuid references plan (id),
    add column section_id        uuid references section (id),
    add column number            text,          -- as printed: (十一)
    add column ordinal           int,           -- 11
    add column deadline_kind     text not null default 'DATE',  -- DATE | ONGOING | MILESTONES
    add column deadline_phrase   text,          -- as printed: 2021年底 / 持续推进 / 2021年底实现130项…
    add column reporting_cadence text,          -- overrides the plan's (ISO-8601 period, e.g. P1M)
    add column upstream_task_id  uuid references task (id),  -- the provincial task a county task implements
    add column upstream_score    real,          -- text similarity of the proposed link
    add column upstream_confirmed boolean not null default false;
create index task_plan on task (plan_id, section_id, ordinal);

-- The units and groups a task names, in the document's order, with how each name was resolved.
create table task_unit (
    task_id     uuid not null references task (id),
    role        text not null,                  -- LEAD | CO_RESPONSIBLE
    position    int  not null,
    name        text not null,                  -- as printed
    unit_id     uuid,                           -- resolved unit, or
    group_id    uuid,                           -- resolved group (县直相关单位, 各乡镇人民政府)
    resolution  text not null,                  -- EXACT | ALIAS | FUZZY | UNRESOLVED
    primary key (task_id, role, position)
);

-- Dated targets inside a task: from a compound deadline (2021年底实现130项…) or proposed from its text
-- (2021年10月底前完成…) until a supervisor confirms them.
create table milestone (
    id               uuid primary key,
    task_id          uuid        not null references task (id),
    ordinal          int         not null,
    label            text        not null,      -- the phrase as printed
    due_at           timestamptz,               -- null: no date (2021年以后…)
    target_quantity  numeric,                   -- 130
    target_unit      text,                      -- 项
    status           text        not null,      -- CONFIRMED | PROPOSED
    source           text        not null,      -- DEADLINE | TASK_TEXT
    unique (task_id, ordinal)
);

-- A group named by a task that has no members yet (各乡镇人民政府 before any township is registered):
-- visible work "to be designated" until the supervision office or the lead unit names the units.
create table designation (
    id             uuid primary key,
    task_id        uuid        not null references task (id),
    group_id       uuid,
    group_name     text        not null,
    role           text        not null,
    status         text        not null,        -- PENDING | DESIGNATED
    created_at     timestamptz not null,
    designated_at  timestamptz
);
