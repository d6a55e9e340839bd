-- The same notice as text, .docx or .xlsx (real date cells) reads to one content: tasks, unit cells, due dates.
-- A second import of it in another format finds the plan by this digest (with the same document number, or none
-- printed on one side) instead of making a second copy. Null for plans imported before.
alter table plan add column content_digest text;
create index plan_content_digest on plan (content_digest);
