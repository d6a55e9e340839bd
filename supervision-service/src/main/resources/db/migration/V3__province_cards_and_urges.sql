-- #17: the province's 催办 (URGE) and 督办 (SUPERVISE) on a provincial task, recorded against the lead units of the
-- county tasks that implement it (ProvinceUrged from task-service).

-- A card's origin: COUNTY (the county's own rules and supervisors) or PROVINCE (a provincial 督办); a provincial card
-- names the provincial task and the province's message (msgId). Listed apart and scored with their own weights.
alter table warning
    add column origin           text not null default 'COUNTY',   -- COUNTY | PROVINCE
    add column prov_task_id     text,
    add column province_msg_id  text;
create index warning_origin on warning (origin, unit_id, issued_at) where origin <> 'COUNTY';

-- Each urge or supervision per lead unit (one row per province message and unit: a redelivery or replay adds none).
create table province_urge (
    message_id      text        not null,   -- the province's msgId
    unit_id         uuid        not null,   -- a lead unit of the county tasks
    task_id         uuid        not null,   -- the provincial task (task-service's id)
    prov_task_id    text        not null,   -- the province's task number
    task_number     text,                   -- as printed, e.g. （六）
    title           text,
    kind            text        not null,   -- URGE | SUPERVISE
    level           text,                   -- YELLOW | RED for SUPERVISE
    reason          text,
    reply_by        timestamptz,
    county_task_ids jsonb       not null,   -- the county tasks implementing it
    warning_id      uuid,                   -- the provincial card of a SUPERVISE
    urged_at        timestamptz not null,
    primary key (message_id, unit_id)
);
create index province_urge_unit on province_urge (unit_id, urged_at);
