-- Several history rows of one provincial task can share a time (issued and signed for by itself in one transaction):
-- the order they were written in breaks the tie.
alter table provincial_task_history add column seq bigserial;
