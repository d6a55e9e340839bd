-- The plan importer (issue #5): what each printed unit name resolved to, by its registered name, and how sure.
alter table task_unit
    add column resolved_name text,   -- 县卫生健康局 for the printed 县卫健局; the group's name for a group
    add column score         real;   -- 1.0 for exact and alias matches, the similarity for a fuzzy one
create index task_unit_unit on task_unit (unit_id);
create index task_upstream on task (upstream_task_id);
