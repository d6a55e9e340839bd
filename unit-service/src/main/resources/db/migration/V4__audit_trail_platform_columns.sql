-- Issue 20: the audit trail moved to platform (org.duban.platform.audit), whose table (platform db/audit/V0_7) has these
-- columns too; unit-service keeps its own V3 table (it was first) and gains them here, so an existing database upgrades.
alter table audit_entry add column on_behalf_of uuid;          -- the unit the actor acted for
alter table audit_entry add column on_behalf_reason text;      -- why
alter table audit_entry add column client_address text;        -- the caller's address, when in a request
