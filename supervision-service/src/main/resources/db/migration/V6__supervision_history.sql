-- Issue 20 (supervision part): what people change in supervision-service keeps its history with the actor instead of
-- being overwritten: card issue, acknowledgement, lift and annulment; findings and each response to them; each
-- rectification report, close and reopen; each bulletin version (draft, every edit) and its publication. One
-- append-only table, written in the transaction of the change; the database refuses UPDATE and DELETE on it.
create table supervision_history (
    seq         bigserial   primary key,
    target_kind text        not null,   -- WARNING | FINDING | RECTIFICATION | BULLETIN
    target_id   uuid        not null,
    action      text        not null,   -- ISSUED, ACKNOWLEDGED, LIFTED, ANNULLED, MOVED, RECORDED, RESPONDED, REPORTED, CLOSED, REOPENED, DRAFTED, EDITED, PUBLISHED
    actor       text        not null,   -- the token's subject (preferred user name), or system / province
    actor_unit  uuid,                   -- the actor's unit (a unit officer's unit_id claim)
    before      jsonb,                  -- what the change replaced (e.g. the previous response, title and text)
    after       jsonb,                  -- what it wrote
    at          timestamptz not null
);
create index supervision_history_target on supervision_history (target_kind, target_id, seq);

create function supervision_history_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'supervision_history is append-only: % refused', tg_op;
end $$;
create trigger supervision_history_append_only before update or delete on supervision_history
    for each row execute function supervision_history_append_only();
create trigger supervision_history_no_truncate before truncate on supervision_history
    for each statement execute function supervision_history_append_only();

alter table bulletin add column published_by text;
alter table warning add column lifted_by text;
alter table finding add column responded_by text;
alter table rectification add column reported_by text;
