-- Issue 20, the audit trail (安全审计), one per service: one append-only row per state change, written in the change's
-- transaction by org.duban.platform.audit.AuditTrail, and one per security event (refused token, 403, refused signature)
-- in its own; read by the auditor role only (GET /api/audit, /api/audit/export). Each service but unit-service adds
-- db/audit to quarkus.flyway.locations; unit-service had the table first (its V3) and adds these columns in its V4.
create table audit_entry (
    id               bigserial primary key,
    at               timestamptz not null,
    actor_subject    text        not null,   -- the token's subject; 'system' (named after its cause) outside a request;
                                             -- 'anonymous' for a refused caller without a valid token; 'province-app:<id>'
    actor_name       text,                   -- name / preferred_username / upn claim, the cause, or the caller's address
    actor_roles      text[]      not null,   -- the caller's realm roles
    actor_unit       uuid,                   -- the token's unit_id claim, if any
    on_behalf_of     uuid,                   -- the unit the actor acted for (a supervisor signing or reporting for it)
    on_behalf_reason text,                   -- why, as the actor gave it
    action           text        not null,   -- unit.rename, assignment.report, card.lift, security.forbidden, …
    target_type      text        not null,   -- UNIT, TASK, ASSIGNMENT, WARNING, BULLETIN, REQUEST (security events), …
    target_id        text,
    before           jsonb,                  -- the target before the change (null when created); long texts as SHA-256
    after            jsonb,                  -- the target after the change
    reason           text,                   -- the reason the actor gave
    request_id       text,                   -- X-Request-Id of the request (given by the caller or generated)
    trace_id         text,                   -- W3C trace id, when traced
    client_address   text                    -- the caller's address, when in a request
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
