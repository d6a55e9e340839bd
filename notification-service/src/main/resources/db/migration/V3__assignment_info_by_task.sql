-- 省级催办/督办 name the county tasks that implement a provincial task; their printed numbers are looked up by task.
create index assignment_info_task on assignment_info (task_id);
