-- Issue 20, the audit trail (安全审计): one append-only row per admin change of the registry, written in the
-- change's transaction by org.duban.unit.audit.AuditTrail and read by the auditor role (GET /api/audit).
create table audit_entry (
    id             bigserial primary key,
    at             timestamptz not null,
    actor_subject  text        not null,   -- the token's subject; 'system' for the seed load at start-up
    actor_name     text,                   -- name / preferred_username / upn claim
    actor_roles    text[]      not null,   -- the caller's realm roles
    actor_unit     uuid,                   -- the token's unit_id claim, if any
    action         text        not null,   -- unit.register, unit.rename, unit.merge, group.create, unit.import, …
    target_type    text        not null,   -- UNIT, GROUP, IMPORT, SEED
    target_id      text,
    before         jsonb,                  -- the target before the change (null when created)
    after          jsonb,                  -- the target after the change
    reason         text,                   -- the reason the actor gave (merge, dissolution)
    request_id     text,                   -- X-Request-Id of the request (given by the caller or generated)
    trace_id       text                    -- W3C trace id, when traced
);
create index audit_entry_at on audit_entry (at);
create index audit_entry_actor on audit_entry (actor_subject, at);
create index audit_entry_target on audit_entry (target_id, at);
create index audit_entry_action on audit_entry (action, at);

-- Append-only inside the database: whoever connects, an UPDATE, DELETE or TRUNCATE fails.
create function audit_entry_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_entry is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_entry_no_change before update or delete on audit_entry
    for each row execute function audit_entry_append_only();
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function audit_entry_append_only();
